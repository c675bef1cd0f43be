// Closing an incident: status Closed needs a classification, and the reason must
// fit it (TruePositive → SuspiciousActivity, BenignPositive → SuspiciousButExpected,
// FalsePositive → IncorrectAlertLogic or InaccurateData, Undetermined → none).
import { test } from "node:test";
import assert from "node:assert/strict";
import { testEmulator, incidentBody } from "../helpers/emulator.js";
import { assertCloudError, createIncident } from "./support.js";

const emulator = await testEmulator();
const { api } = emulator;

async function close(fields: Record<string, unknown>) {
  const inc = await createIncident(api, { status: "Active" });
  const res = await api.put(api.path("incidents", inc.name), incidentBody({ status: "Closed", ...fields }, inc.etag));
  return { inc, res };
}

async function refused(fields: Record<string, unknown>, message: string | RegExp): Promise<void> {
  const { inc, res } = await close(fields);
  assertCloudError(res, 400, "BadRequest", message);
  const read = await api.get(api.path("incidents", inc.name));
  assert.equal(read.json.properties.status, "Active", "a refused close leaves the incident as it was");
  assert.equal(read.json.etag, inc.etag);
}

test("closing without a classification is refused, naming the rule", async () => {
  await refused({}, "Closing an incident requires 'incident.properties.classification'. Allowed values: Undetermined, TruePositive, BenignPositive, FalsePositive");
});

const FITS: [string, string[]][] = [
  ["TruePositive", ["SuspiciousActivity"]],
  ["BenignPositive", ["SuspiciousButExpected"]],
  ["FalsePositive", ["IncorrectAlertLogic", "InaccurateData"]],
];
const REASONS = ["SuspiciousActivity", "SuspiciousButExpected", "IncorrectAlertLogic", "InaccurateData"];

for (const [classification, reasons] of FITS) {
  for (const reason of reasons) {
    test(`closing as ${classification} / ${reason} is accepted`, async () => {
      const { res } = await close({ classification, classificationReason: reason, classificationComment: "checked" });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.properties.status, "Closed");
      assert.equal(res.json.properties.classification, classification);
      assert.equal(res.json.properties.classificationReason, reason);
      assert.equal(res.json.properties.classificationComment, "checked");
    });
  }

  for (const reason of REASONS.filter((r) => !reasons.includes(r))) {
    test(`closing as ${classification} / ${reason} is refused`, async () => {
      await refused(
        { classification, classificationReason: reason },
        `Classification reason '${reason}' does not fit classification '${classification}'; it takes ${reasons.join(" or ")}`,
      );
    });
  }

  test(`closing as ${classification} without a reason is refused`, async () => {
    await refused({ classification }, `Closing an incident as '${classification}' requires 'incident.properties.classificationReason': ${reasons.join(" or ")}`);
  });
}

test("closing as Undetermined takes no reason", async () => {
  const { res } = await close({ classification: "Undetermined" });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.properties.classification, "Undetermined");
  assert.equal(res.json.properties.classificationReason, undefined);
  for (const reason of REASONS) {
    await refused({ classification: "Undetermined", classificationReason: reason }, `Classification 'Undetermined' takes no classificationReason, but '${reason}' was given`);
  }
});

test("a reason without a classification is refused", async () => {
  await refused({ status: "Active", classificationReason: "SuspiciousActivity" }, "'incident.properties.classificationReason' is set but 'incident.properties.classification' is not");
});

test("the rules hold when an incident is created closed", async () => {
  const missing = await api.put(api.path("incidents", crypto.randomUUID()), incidentBody({ status: "Closed" }));
  assertCloudError(missing, 400, "BadRequest", "requires 'incident.properties.classification'");
  const ok = await api.put(api.path("incidents", crypto.randomUUID()), incidentBody({ status: "Closed", classification: "FalsePositive", classificationReason: "InaccurateData" }));
  assert.equal(ok.status, 201, ok.text);
});

test("a closed incident can be reopened", async () => {
  const { res } = await close({ classification: "TruePositive", classificationReason: "SuspiciousActivity" });
  const reopened = await api.put(api.path("incidents", res.json.name), incidentBody({ status: "Active" }, res.json.etag));
  assert.equal(reopened.status, 200, reopened.text);
  assert.equal(reopened.json.properties.status, "Active");
});
