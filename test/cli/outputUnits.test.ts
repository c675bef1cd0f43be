// Properties of the pieces output is made of: neutralising, the spreadsheet guard,
// times typed and shown in one zone, the close-reason inference, owner matching.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { inertCell, toDelimited } from "../../src/cli/output/format.js";
import { displayWidth, safe, safeLines } from "../../src/cli/output/style.js";
import { formatTime, parseTypedTime } from "../../src/cli/output/time.js";
import { closeReason } from "../../src/cli/commands/triage.js";
import { ReasonsForClassification } from "../../src/api/enums.js";
import { inCliWords, shortenUrls } from "../../src/cli/failure.js";
import { renderTable } from "../../src/cli/output/table.js";

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test("safe() leaves no control, escape or bidi character, whatever the text", () => {
  fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => !CONTROL.test(safe(s))));
  fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => safeLines(s).split("\n").every((l) => !CONTROL.test(l))));
});

test("a table of any titles never has a line wider than the terminal", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: "binary", maxLength: 120 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 60, max: 220 }), (titles, width) => {
      const out = renderTable(titles, [
        { header: "#", value: (_t: string) => "12", align: "right" },
        { header: "TITLE", value: (t: string) => t, flex: true, min: 35 },
        { header: "OWNER", value: () => "someone@contoso.com", min: 6, max: 24 },
      ], width, { color: false });
      return out.trimEnd().split("\n").every((l) => displayWidth(l) <= width && !CONTROL.test(l));
    }),
  );
});

test("csv and tsv cells never start a formula unless --raw", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (title) => {
      const tsv = toDelimited([{ title }], "\t", { columns: ["title"] });
      const csv = toDelimited([{ title }], ",", { columns: ["title"] }).split("\n").slice(1).join("\n");
      const cell = csv.startsWith('"') ? csv.slice(1) : csv;
      return !/^[=+\-@\t\r]/.test(tsv) && !/^[=+\-@\t\r]/.test(cell);
    }),
  );
  assert.equal(inertCell("=1+1"), "'=1+1");
  assert.equal(inertCell("plain"), "plain");
  assert.equal(toDelimited([{ t: "=1+1" }], ",", { columns: ["t"], raw: true }), "t\n=1+1\n");
});

test("a time shown in a zone, typed back without a zone in that zone, is the same minute", () => {
  fc.assert(
    fc.property(fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2090-01-01T00:00:00Z"), noInvalidDate: true }), fc.boolean(), (d, local) => {
      const shown = formatTime(d.toISOString(), { local });
      const back = parseTypedTime(shown, { local });
      return back !== undefined && Math.floor(d.getTime() / 60_000) * 60_000 === back.getTime();
    }),
  );
  assert.equal(parseTypedTime("2026-11-01 10:00")!.toISOString(), "2026-11-01T10:00:00.000Z", "no zone: UTC");
  assert.equal(parseTypedTime("2026-11-01T10:00:00+01:00")!.toISOString(), "2026-11-01T09:00:00.000Z");
  assert.equal(parseTypedTime("yesterday"), undefined);
  assert.equal(parseTypedTime("2026-02-30"), undefined, "no 30 February");
});

test("close infers the reason only when one fits", () => {
  for (const [c, reasons] of Object.entries(ReasonsForClassification)) {
    if (reasons.length === 1) assert.deepEqual(closeReason(c.toLowerCase(), undefined), { classification: c, reason: reasons[0] });
    if (reasons.length > 1) assert.throws(() => closeReason(c, undefined), /needs --reason: one of/);
    if (reasons.length === 0) assert.throws(() => closeReason(c, "SuspiciousActivity"), /does not go with/);
  }
  assert.throws(() => closeReason("TruePositive", "InaccurateData"), /--reason 'InaccurateData' is not allowed; use one of: SuspiciousActivity/);
});

test("messages: library field names become flags, long URLs become their resource", () => {
  assert.equal(inCliWords("'firstActivityTime' must be a date"), "--first-activity must be a date");
  assert.equal(
    shortenUrls("GET https://management.azure.com/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/incidents/abc?api-version=2025-12-01 failed with 404: Not found"),
    "GET …/incidents/abc failed with 404: Not found",
  );
});
