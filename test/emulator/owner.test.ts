// Owner completion: an owner named by objectId, email or userPrincipalName of a
// known user is filled in from the emulator's directory, as the service fills it
// in from Entra ID (the CreateIncident example sends only objectId).
import { test } from "node:test";
import assert from "node:assert/strict";
import { testEmulator } from "../helpers/emulator.js";
import { createIncident } from "./support.js";

const { api } = await testEmulator();

const ALEX = {
  objectId: "5d7d3a8e-0a8c-4b8a-9f0e-6f1f2b7c9a01",
  email: "alex.wilber@contoso.com",
  userPrincipalName: "alexw@contoso.com",
  assignedTo: "Alex Wilber",
  ownerType: "User",
};

async function ownerFor(owner: Record<string, unknown> | undefined) {
  const inc = await createIncident(api, owner === undefined ? {} : { owner });
  const read = await api.get(api.path("incidents", inc.name));
  assert.deepEqual(read.json.properties.owner, inc.properties.owner, "GET serves the owner the PUT answered with");
  return inc.properties.owner;
}

test("an objectId alone is completed", async () => {
  assert.deepEqual(await ownerFor({ objectId: ALEX.objectId }), ALEX);
});

test("an email alone is completed, whatever its case", async () => {
  assert.deepEqual(await ownerFor({ email: ALEX.email }), ALEX);
  assert.deepEqual(await ownerFor({ email: "Alex.Wilber@CONTOSO.com" }), ALEX);
});

test("a userPrincipalName alone is completed", async () => {
  assert.deepEqual(await ownerFor({ userPrincipalName: ALEX.userPrincipalName }), ALEX);
});

test("the spec example's user is known", async () => {
  assert.deepEqual(await ownerFor({ objectId: "2046feea-040d-4a46-9e2b-91c2941bfa70" }), {
    objectId: "2046feea-040d-4a46-9e2b-91c2941bfa70",
    email: "john.doe@contoso.com",
    userPrincipalName: "john@contoso.com",
    assignedTo: "john doe",
    ownerType: "User",
  });
});

test("a group is completed as a group", async () => {
  assert.deepEqual(await ownerFor({ objectId: "e5d4c3b2-a190-4f8e-8d7c-6b5a4f3e2d09" }), {
    objectId: "e5d4c3b2-a190-4f8e-8d7c-6b5a4f3e2d09",
    assignedTo: "SOC Tier 1",
    ownerType: "Group",
  });
});

test("an unknown owner is kept as given", async () => {
  assert.deepEqual(await ownerFor({ email: "stranger@example.com", assignedTo: "A Stranger" }), {
    email: "stranger@example.com",
    assignedTo: "A Stranger",
    ownerType: "Unknown",
  });
});

test("no owner, or an empty one, is an Unknown owner", async () => {
  assert.deepEqual(await ownerFor(undefined), { ownerType: "Unknown" });
  assert.deepEqual(await ownerFor({}), { ownerType: "Unknown" });
});

test("an owner can be cleared by a replace", async () => {
  const inc = await createIncident(api, { owner: { objectId: ALEX.objectId } });
  const res = await api.put(api.path("incidents", inc.name), { etag: inc.etag, properties: { title: "t", severity: "Low", status: "Active" } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.properties.owner, { ownerType: "Unknown" });
});
