// Every enum of src/api equals the spec's enum of the same x-ms-enum name, in
// every spec file that defines one, so the two cannot drift.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SpecEnums } from "../../src/api/enums.js";
import { loadSpec } from "../helpers/spec.js";

function collectEnums(node: unknown, out: Map<string, Set<string>>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectEnums(n, out);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const obj = node as Record<string, unknown>;
  const xms = obj["x-ms-enum"] as { name?: string } | undefined;
  if (Array.isArray(obj.enum) && xms?.name) {
    const set = out.get(xms.name) ?? new Set<string>();
    set.add(JSON.stringify(obj.enum));
    out.set(xms.name, set);
  }
  for (const v of Object.values(obj)) collectEnums(v, out);
}

test("every enum in src/api matches the spec", () => {
  const spec = loadSpec();
  const found = new Map<string, Set<string>>();
  for (const [local, file] of spec.files) if (local.startsWith("securityinsights/")) collectEnums(file.doc, found);
  for (const [name, values] of Object.entries(SpecEnums)) {
    const variants = found.get(name);
    assert.ok(variants, `enum ${name} is not defined in the spec`);
    for (const variant of variants) {
      assert.deepEqual([...values], JSON.parse(variant), `enum ${name} differs from the spec`);
    }
  }
});

test("the incident enums the client validates against are all covered", () => {
  for (const name of ["IncidentSeverity", "IncidentStatus", "IncidentClassification", "IncidentClassificationReason", "IncidentLabelType", "OwnerType", "IncidentTaskStatus", "AttackTactic", "EntityKindEnum"]) {
    assert.ok(SpecEnums[name], `${name} missing from SpecEnums`);
  }
});
