// A table of bad inputs, run through the library (each a SentinelValidationError
// naming the field, with no request sent) and as raw HTTP to the emulator (each a
// 4xx CloudError with a precise message, never a 500), and the store byte-for-byte
// unchanged by all of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { incidentFilter } from "../../src/client/filter.js";
import { SentinelClient } from "../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../src/client/credentials.js";
import { bookmarkResourceId, sentinelScope } from "../../src/api/resourceId.js";
import { testEmulator } from "../helpers/emulator.js";
import { clientFor, rejection } from "../helpers/client.js";
import { putBookmark, workspaceOf } from "../emulator/fixtures.js";

const emulator = await testEmulator({ seedIncidents: 20, seed: "bad-input" });
const sentinel = clientFor(emulator);
const incident = (emulator.store.db.prepare("SELECT name FROM incidents LIMIT 1").get() as { name: string }).name;
const bookmark = randomUUID();
putBookmark(emulator.store, bookmark, { displayName: "Bad input bookmark" });
const dumpBefore = emulator.store.dump();

// ---------------------------------------------------------------- library cases
type LibCase = [name: string, call: () => Promise<unknown>, field: string];
// What a JavaScript caller (or a TypeScript one casting) can pass: the types refuse these, the run-time checks must too.
const untyped = sentinel as unknown as {
  updateIncident(incident: string, items: unknown): Promise<unknown>;
  createIncident(input: Record<string, unknown>): Promise<unknown>;
};
const long = "x".repeat(30_001);
const LIB: LibCase[] = [
  ["update: unknown severity", () => untyped.updateIncident(incident, { severity: "Critical" }), "severity"],
  ["update: severity not a string", () => untyped.updateIncident(incident, { severity: 3 }), "severity"],
  ["update: unknown status", () => untyped.updateIncident(incident, { status: "Resolved" }), "status"],
  ["update: unknown classification", () => untyped.updateIncident(incident, { status: "Closed", classification: "Benign" }), "classification"],
  ["update: closing without classification", () => untyped.updateIncident(incident, { status: "Closed" }), "classification"],
  ["update: closing FalsePositive without reason", () => untyped.updateIncident(incident, { status: "Closed", classification: "FalsePositive" }), "classificationReason"],
  ["update: reason that does not fit", () => untyped.updateIncident(incident, { status: "Closed", classification: "BenignPositive", classificationReason: "SuspiciousActivity" }), "classificationReason"],
  ["update: Undetermined with a reason", () => untyped.updateIncident(incident, { status: "Closed", classification: "Undetermined", classificationReason: "InaccurateData" }), "classificationReason"],
  ["update: unknown reason", () => untyped.updateIncident(incident, { classificationReason: "Because" }), "classificationReason"],
  ["update: read-only incidentNumber", () => untyped.updateIncident(incident, { incidentNumber: 1 }), "incidentNumber"],
  ["update: read-only createdTimeUtc", () => untyped.updateIncident(incident, { createdTimeUtc: "2020-01-01T00:00:00Z" }), "createdTimeUtc"],
  ["update: read-only additionalData", () => untyped.updateIncident(incident, { "properties.additionalData": {} }), "additionalData"],
  ["update: read-only etag", () => untyped.updateIncident(incident, { etag: "x" }), "etag"],
  ["update: read-only providerName", () => untyped.updateIncident(incident, { providerName: "x" }), "providerName"],
  ["update: unknown key", () => untyped.updateIncident(incident, { colour: "red" }), "colour"],
  ["update: key given twice", () => untyped.updateIncident(incident, { severity: "High", "properties.severity": "Low" }), "severity"],
  ["update: empty", () => untyped.updateIncident(incident, {}), "updateItems"],
  ["update: not an object", () => untyped.updateIncident(incident, null as never), "updateItems"],
  ["update: empty title", () => untyped.updateIncident(incident, { title: "  " }), "title"],
  ["update: title not a string", () => untyped.updateIncident(incident, { title: 42 }), "title"],
  ["update: description not a string", () => untyped.updateIncident(incident, { description: ["a"] }), "description"],
  ["update: bad owner string", () => untyped.updateIncident(incident, { owner: "not an owner" }), "owner"],
  ["update: owner objectId not a GUID", () => untyped.updateIncident(incident, { owner: { objectId: "123" } }), "owner.objectId"],
  ["update: owner with unknown field", () => untyped.updateIncident(incident, { owner: { name: "x" } }), "owner"],
  ["update: owner a number", () => untyped.updateIncident(incident, { owner: 7 }), "owner"],
  ["update: labels not an array", () => untyped.updateIncident(incident, { labels: "a" }), "labels"],
  ["update: empty label", () => untyped.updateIncident(incident, { labels: [""] }), "labels[0]"],
  ["update: label object without name", () => untyped.updateIncident(incident, { labels: [{ labelType: "User" }] }), "labels[0]"],
  ["update: addLabels with a number", () => untyped.updateIncident(incident, { addLabels: [3] }), "addLabels[0]"],
  ["update: bad first activity", () => untyped.updateIncident(incident, { firstActivityTimeUtc: "yesterday" }), "firstActivityTimeUtc"],
  ["update: impossible date", () => untyped.updateIncident(incident, { lastActivityTimeUtc: "2024-13-45T99:00:00Z" }), "lastActivityTimeUtc"],
  ["update: empty incident ref", () => untyped.updateIncident("", { severity: "High" }), "incident"],
  ["update: incident of another workspace", () => untyped.updateIncident(`${sentinelScope({ ...DEFAULT_WORKSPACE, workspaceName: "other" })}/incidents/${incident}`, { severity: "High" }), "incident"],
  ["update: resource id of a bookmark", () => untyped.updateIncident(bookmarkResourceId(DEFAULT_WORKSPACE, bookmark), { severity: "High" }), "incident"],
  ["update: traversal in a resource id", () => untyped.updateIncident(`${sentinelScope(DEFAULT_WORKSPACE)}/incidents/../bookmarks/x/y`, { severity: "High" }), "incident"],
  ["create: no title", () => untyped.createIncident({ severity: "High" } as never), "title"],
  ["create: no severity", () => untyped.createIncident({ title: "t" } as never), "severity"],
  ["create: bad severity", () => untyped.createIncident({ title: "t", severity: "Urgent" }), "severity"],
  ["create: bad status", () => untyped.createIncident({ title: "t", severity: "Low", status: "Open" }), "status"],
  ["create: closed without classification", () => untyped.createIncident({ title: "t", severity: "Low", status: "Closed" }), "classification"],
  ["create: reason without classification", () => untyped.createIncident({ title: "t", severity: "Low", classificationReason: "InaccurateData" }), "classificationReason"],
  ["create: unknown field", () => untyped.createIncident({ title: "t", severity: "Low", priority: 1 } as never), "priority"],
  ["create: incidentId not a GUID", () => untyped.createIncident({ title: "t", severity: "Low", incidentId: "../../x" }), "incidentId"],
  ["create: times not dates", () => untyped.createIncident({ title: "t", severity: "Low", firstActivityTime: "soon" }), "firstActivityTime"],
  ["create: first after last", () => untyped.createIncident({ title: "t", severity: "Low", firstActivityTime: "2024-02-01T00:00:00Z", lastActivityTime: "2024-01-01T00:00:00Z" }), "firstActivityTime"],
  ["create: bookmarks not strings", () => untyped.createIncident({ title: "t", severity: "Low", bookmarks: [1 as never] }), "bookmarks"],
  ["create: labels with null", () => untyped.createIncident({ title: "t", severity: "Low", labels: [null as never] }), "labels[0]"],
  ["comment: empty", () => sentinel.postComment(incident, ""), "comment"],
  ["comment: blank", () => sentinel.postComment(incident, " \n\t "), "comment"],
  ["comment: over 30,000 characters", () => sentinel.postComment(incident, long), "comment"],
  ["comment: not a string", () => sentinel.postComment(incident, 5 as never), "comment"],
  ["comment: commentId not a GUID", () => sentinel.postComment(incident, "hi", { commentId: "abc" }), "commentId"],
  ["deleteComment: id not a GUID", () => sentinel.deleteComment(incident, "../x"), "commentId"],
  ["list: $top 0", () => sentinel.listIncidents({ $top: 0 }), "$top"],
  ["list: $top -1", () => sentinel.listIncidents({ $top: -1 }), "$top"],
  ["list: $top not a number", () => sentinel.listIncidents({ $top: "abc" as never }), "$top"],
  ["list: $top fractional", () => sentinel.listIncidents({ $top: 1.5 }), "$top"],
  ["list: unknown parameter", () => sentinel.listIncidents({ top: 5 } as never), "top"],
  ["list: $filter not a string", () => sentinel.listIncidents({ $filter: 5 as never }), "$filter"],
  ["link: empty bookmark", () => sentinel.addBookmarkToIncident(incident, ""), "bookmark"],
  ["link: bookmark id of another workspace", () => sentinel.addBookmarkToIncident(incident, bookmarkResourceId({ ...DEFAULT_WORKSPACE, workspaceName: "other" }, bookmark)), "bookmark"],
  ["relation: bad name", () => sentinel.removeRelation(incident, "a/b"), "relationName"],
  ["task: no title", () => sentinel.createOrUpdateIncidentTask(incident, { title: "" }), "title"],
  ["task: bad status", () => sentinel.createOrUpdateIncidentTask(incident, { title: "t", status: "Done" }), "status"],
  ["task: id not a GUID", () => sentinel.createOrUpdateIncidentTask(incident, { title: "t", taskId: "1" }), "taskId"],
  ["deleteTask: id not a GUID", () => sentinel.deleteIncidentTask(incident, "1"), "taskId"],
  ["filter: unknown severity", async () => incidentFilter({ severity: "Severe" }), "severity"],
  ["filter: empty status list", async () => incidentFilter({ status: "" }), "status"],
  ["filter: bad date", async () => incidentFilter({ createdAfter: "last tuesday" }), "createdAfter"],
  ["filter: incident number 0", async () => incidentFilter({ incidentNumber: 0 }), "incidentNumber"],
  ["filter: empty title", async () => incidentFilter({ titleContains: "" }), "titleContains"],
  ["bulk: bad close pair", () => sentinel.bulkCloseIncidents([incident], { classification: "TruePositive", reason: "InaccurateData" }), "classificationReason"],
  ["bulk: empty comment", () => sentinel.bulkComment([incident], ""), "comment"],
  ["client: workspace name with a slash", async () => new SentinelClient({ ...DEFAULT_WORKSPACE, workspaceName: "a/b" }, { credential: new StaticTokenCredential("t") }), "workspaceName"],
  ["client: missing subscription", async () => new SentinelClient({ ...DEFAULT_WORKSPACE, subscriptionId: "" }, { credential: new StaticTokenCredential("t") }), "subscriptionId"],
  ["client: bad workspace resource id", async () => new SentinelClient({ resourceId: "/subscriptions/x/resourceGroups/y" }, { credential: new StaticTokenCredential("t") }), "resourceId"],
  ["client: unknown cloud", async () => new SentinelClient(DEFAULT_WORKSPACE, { cloud: "moon" as never, credential: new StaticTokenCredential("t") }), "cloud"],
  ["client: endpoint not a URL", async () => new SentinelClient(DEFAULT_WORKSPACE, { endpoint: "not a url", credential: new StaticTokenCredential("t") }), "endpoint"],
];

test(`library: ${LIB.length} bad inputs, each a SentinelValidationError naming the field, none sent`, async () => {
  const requests = emulator.stats.requests;
  for (const [name, call, field] of LIB) {
    const e = await rejection(call());
    assert.equal(e.name, "SentinelValidationError", `${name}: ${e.name}: ${e.message}`);
    assert.equal(e.field, field, `${name}: field`);
    assert.ok(e.message.length > 10, `${name}: a message`);
  }
  assert.equal(emulator.stats.requests, requests, "no request was sent for any of them");
});

// ---------------------------------------------------------------- HTTP cases
interface HttpCase {
  name: string;
  method?: string;
  path?: string;
  body?: unknown;
  raw?: string | Buffer;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  token?: string | null;
  apiVersion?: string | null;
  status: number;
  message: RegExp;
}

const api = emulator.api;
const incPath = api.path("incidents", incident);
const props = (p: Record<string, unknown>) => ({ properties: { title: "t", severity: "High", status: "New", ...p } });
const HTTP: HttpCase[] = [
  { name: "malformed JSON", method: "PUT", path: incPath, raw: "{\"properties\": {", status: 400, message: /could not be deserialized/ },
  // Read leniently as the service does, a trailing comma is allowed; what is missing is still named.
  { name: "JSON with a trailing comma", method: "PUT", path: incPath, raw: '{"properties":{"title":"t",}}', status: 400, message: /severity' is required/ },
  { name: "truncated Python dict", method: "PUT", path: incPath, raw: "{'properties': {'title': 'x', 'severity': 'High'", status: 400, message: /could not be deserialized.*read leniently/ },
  { name: "Python dict with a missing value", method: "PUT", path: incPath, raw: "{'a': }", status: 400, message: /could not be deserialized/ },
  { name: "Python literals True/None", method: "PUT", path: incPath, raw: "{'properties': {'title': 'x', 'severity': 'High', 'status': 'New', 'description': None}}", status: 400, message: /could not be deserialized/ },
  { name: "unterminated single-quoted string", method: "PUT", path: incPath, raw: "{'properties': {'title': 'x}}", status: 400, message: /could not be deserialized/ },
  { name: "\\U escape beyond Unicode", method: "PUT", path: incPath, raw: "{'properties': {'title': 'a\\U00110000', 'severity': 'High', 'status': 'New'}}", status: 400, message: /beyond the last Unicode code point/ },
  { name: "\\U escape of a lone surrogate", method: "PUT", path: incPath, raw: "{'properties': {'title': 'a\\U0000d800', 'severity': 'High', 'status': 'New'}}", status: 400, message: /unpaired surrogate U\+D800/ },
  { name: "binary body", method: "PUT", path: incPath, raw: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]), status: 400, message: /not valid UTF-8/ },
  { name: "control bytes, valid UTF-8 but no JSON", method: "PUT", path: incPath, raw: Buffer.from([0x00, 0x01, 0x02, 0x1b, 0x5b, 0x32, 0x4a]), status: 400, message: /could not be deserialized/ },
  { name: "JavaScript, not JSON", method: "PUT", path: incPath, raw: "({properties: {title: alert(1)}})", status: 400, message: /could not be deserialized/ },
  { name: "empty body", method: "PUT", path: incPath, raw: "", status: 400, message: /empty/ },
  { name: "body is an array", method: "PUT", path: incPath, body: [1], status: 400, message: /'incident' must be an object/ },
  { name: "body is a string", method: "PUT", path: incPath, body: "x", status: 400, message: /must be an object/ },
  { name: "no properties", method: "PUT", path: incPath, body: {}, status: 400, message: /'incident\.properties' is required/ },
  { name: "properties not an object", method: "PUT", path: incPath, body: { properties: 5 }, status: 400, message: /properties' must be an object/ },
  { name: "missing title", method: "PUT", path: incPath, body: { properties: { severity: "High", status: "New" } }, status: 400, message: /title' is required/ },
  { name: "empty title", method: "PUT", path: incPath, body: props({ title: "" }), status: 400, message: /title' must not be empty/ },
  { name: "title a number", method: "PUT", path: incPath, body: props({ title: 5 }), status: 400, message: /title' must be a string/ },
  { name: "missing severity", method: "PUT", path: incPath, body: { properties: { title: "t", status: "New" } }, status: 400, message: /severity' is required/ },
  { name: "missing status", method: "PUT", path: incPath, body: { properties: { title: "t", severity: "Low" } }, status: 400, message: /status' is required/ },
  { name: "unknown severity", method: "PUT", path: incPath, body: props({ severity: "Critical" }), status: 400, message: /Allowed values: High, Medium, Low, Informational/ },
  { name: "miscased severity", method: "PUT", path: incPath, body: props({ severity: "high" }), status: 400, message: /Did you mean 'High'/ },
  { name: "miscased status", method: "PUT", path: incPath, body: props({ status: "NEW" }), status: 400, message: /Did you mean 'New'/ },
  { name: "severity an object", method: "PUT", path: incPath, body: props({ severity: { v: "High" } }), status: 400, message: /severity' must be a string/ },
  { name: "unknown classification", method: "PUT", path: incPath, body: props({ status: "Closed", classification: "Bad" }), status: 400, message: /classification' has the invalid value/ },
  { name: "closed without classification", method: "PUT", path: incPath, body: props({ status: "Closed" }), status: 400, message: /requires 'incident\.properties\.classification'/ },
  { name: "reason that does not fit", method: "PUT", path: incPath, body: props({ status: "Closed", classification: "TruePositive", classificationReason: "InaccurateData" }), status: 400, message: /does not fit/ },
  { name: "labels not an array", method: "PUT", path: incPath, body: props({ labels: "a" }), status: 400, message: /labels' must be an array/ },
  { name: "label without a name", method: "PUT", path: incPath, body: props({ labels: [{}] }), status: 400, message: /labelName' is required/ },
  { name: "label type unknown", method: "PUT", path: incPath, body: props({ labels: [{ labelName: "a", labelType: "System" }] }), status: 400, message: /labelType' has the invalid value/ },
  { name: "owner not an object", method: "PUT", path: incPath, body: props({ owner: "alex" }), status: 400, message: /owner' must be an object/ },
  { name: "owner objectId not a GUID", method: "PUT", path: incPath, body: props({ owner: { objectId: "12" } }), status: 400, message: /objectId' must be a GUID/ },
  { name: "owner type unknown", method: "PUT", path: incPath, body: props({ owner: { ownerType: "Robot" } }), status: 400, message: /ownerType' has the invalid value/ },
  { name: "date-time malformed", method: "PUT", path: incPath, body: props({ firstActivityTimeUtc: "yesterday" }), status: 400, message: /ISO 8601/ },
  { name: "date-time impossible", method: "PUT", path: incPath, body: props({ lastActivityTimeUtc: "2024-02-30T10:00:00Z" }), status: 400, message: /ISO 8601/ },
  { name: "date-time a number", method: "PUT", path: incPath, body: props({ firstActivityTimeUtc: 1700000000 }), status: 400, message: /must be a string/ },
  { name: "lone surrogate in the description", method: "PUT", path: incPath, body: props({ description: "a\udc00b" }), status: 400, message: /unpaired surrogate U\+DC00/ },
  { name: "lone surrogate in the title", method: "PUT", path: incPath, raw: '{"properties":{"title":"\\ud800","severity":"Low","status":"New"}}', status: 400, message: /U\+D800/ },
  { name: "invalid UTF-8", method: "PUT", path: incPath, raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, message: /not valid UTF-8/ },
  { name: "wrong content type", method: "PUT", path: incPath, raw: "title=x", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 415, message: /not supported/ },
  { name: "oversized body", method: "PUT", path: incPath, raw: JSON.stringify(props({ description: "x".repeat(4 * 1024 * 1024) })), status: 413, message: /larger than the 4194304 bytes/ },
  { name: "10 MB Python-style body", method: "PUT", path: incPath, raw: `{'properties': {'title': 't', 'severity': 'High', 'status': 'New', 'description': '${"y".repeat(10 * 1024 * 1024)}'}}`, status: 413, message: /larger than the 4194304 bytes/ },
  { name: "stale etag", method: "PUT", path: incPath, body: { etag: '"stale"', ...props({}) }, status: 409, message: /does not match/ },
  { name: "incident id not a GUID", method: "PUT", path: api.path("incidents", "not-a-guid"), body: props({}), status: 400, message: /must be a GUID/ },
  { name: "incident id with traversal", method: "GET", path: `${sentinelScope(DEFAULT_WORKSPACE)}/incidents/..%2F..%2Fbookmarks`, status: 400, message: /must be a GUID/ },
  { name: "SQL in the incident id", method: "GET", path: api.path("incidents", "1' OR '1'='1"), status: 400, message: /must be a GUID/ },
  { name: "unknown incident", method: "GET", path: api.path("incidents", randomUUID()), status: 404, message: /was not found/ },
  { name: "malformed percent-encoding", method: "GET", path: `${sentinelScope(DEFAULT_WORKSPACE)}/incidents/%E0%A4%A`, status: 400, message: /malformed percent-encoded/ },
  { name: "comment without message", method: "PUT", path: api.path("incidents", incident, "comments", randomUUID()), body: { properties: {} }, status: 400, message: /message' is required/ },
  { name: "comment message empty", method: "PUT", path: api.path("incidents", incident, "comments", randomUUID()), body: { properties: { message: " " } }, status: 400, message: /must not be empty/ },
  { name: "comment over 30,000 characters", method: "PUT", path: api.path("incidents", incident, "comments", randomUUID()), body: { properties: { message: long } }, status: 400, message: /at most 30000/ },
  { name: "comment id not a GUID", method: "PUT", path: api.path("incidents", incident, "comments", "c1"), body: { properties: { message: "m" } }, status: 400, message: /must be a GUID/ },
  { name: "comment on an unknown incident", method: "PUT", path: api.path("incidents", randomUUID(), "comments", randomUUID()), body: { properties: { message: "m" } }, status: 404, message: /was not found/ },
  { name: "relation name too short", method: "PUT", path: api.path("incidents", incident, "relations", "ab"), body: { properties: { relatedResourceId: bookmarkResourceId(DEFAULT_WORKSPACE, bookmark) } }, status: 400, message: /3 to 63/ },
  { name: "relation name with a dot", method: "PUT", path: api.path("incidents", incident, "relations", "a.b.c"), body: { properties: { relatedResourceId: bookmarkResourceId(DEFAULT_WORKSPACE, bookmark) } }, status: 400, message: /pattern/ },
  { name: "relation without target", method: "PUT", path: api.path("incidents", incident, "relations", "rel-1"), body: { properties: {} }, status: 400, message: /relatedResourceId' is required/ },
  { name: "relation to a missing bookmark", method: "PUT", path: api.path("incidents", incident, "relations", "rel-1"), body: { properties: { relatedResourceId: bookmarkResourceId(DEFAULT_WORKSPACE, randomUUID()) } }, status: 400, message: /does not exist/ },
  { name: "relation to another workspace", method: "PUT", path: api.path("incidents", incident, "relations", "rel-1"), body: { properties: { relatedResourceId: bookmarkResourceId({ ...DEFAULT_WORKSPACE, workspaceName: "other" }, bookmark) } }, status: 400, message: /not in this workspace/ },
  { name: "relation to a non-resource", method: "PUT", path: api.path("incidents", incident, "relations", "rel-1"), body: { properties: { relatedResourceId: "'; DROP TABLE relations; --" } }, status: 400, message: /not the resource id/ },
  { name: "task without status", method: "PUT", path: api.path("incidents", incident, "tasks", randomUUID()), body: { properties: { title: "t" } }, status: 400, message: /status' is required/ },
  { name: "task status unknown", method: "PUT", path: api.path("incidents", incident, "tasks", randomUUID()), body: { properties: { title: "t", status: "Done" } }, status: 400, message: /Allowed values: New, Completed/ },
  { name: "bookmark without query", method: "PUT", path: api.path("bookmarks", randomUUID()), body: { properties: { displayName: "d" } }, status: 400, message: /query' is required/ },
  { name: "bookmark labels not strings", method: "PUT", path: api.path("bookmarks", randomUUID()), body: { properties: { displayName: "d", query: "q", labels: [1] } }, status: 400, message: /labels\[0\]' must be a string/ },
  { name: "$top 0", path: api.path("incidents"), query: { $top: "0" }, status: 400, message: /integer from 1 to 1000/ },
  { name: "$top 1001", path: api.path("incidents"), query: { $top: "1001" }, status: 400, message: /integer from 1 to 1000/ },
  { name: "$top -1", path: api.path("incidents"), query: { $top: "-1" }, status: 400, message: /integer from 1 to 1000/ },
  { name: "$top abc", path: api.path("incidents"), query: { $top: "abc" }, status: 400, message: /integer from 1 to 1000/ },
  { name: "$top 1e3", path: api.path("incidents"), query: { $top: "1e3" }, status: 400, message: /integer from 1 to 1000/ },
  { name: "$filter unbalanced", path: api.path("incidents"), query: { $filter: "(properties/severity eq 'High'" }, status: 400, message: /position/ },
  { name: "$filter unknown field", path: api.path("incidents"), query: { $filter: "properties/colour eq 'red'" }, status: 400, message: /Could not find a property named 'properties\/colour'/ },
  { name: "$filter unterminated string", path: api.path("incidents"), query: { $filter: "properties/title eq 'abc" }, status: 400, message: /position/ },
  { name: "$filter type mismatch", path: api.path("incidents"), query: { $filter: "properties/incidentNumber eq 'one'" }, status: 400, message: /\$filter/ },
  { name: "$filter trailing garbage", path: api.path("incidents"), query: { $filter: "properties/severity eq 'High' garbage" }, status: 400, message: /position/ },
  { name: "$filter SQL injection", path: api.path("incidents"), query: { $filter: "properties/title eq 'x'; DROP TABLE incidents; --" }, status: 400, message: /position/ },
  { name: "$filter SQL union", path: api.path("incidents"), query: { $filter: "1 eq 1 UNION SELECT * FROM meta" }, status: 400, message: /\$filter/ },
  { name: "$filter only a field", path: api.path("incidents"), query: { $filter: "properties/title" }, status: 400, message: /\$filter/ },
  { name: "$filter unknown function", path: api.path("incidents"), query: { $filter: "sqlite_version() eq '3'" }, status: 400, message: /\$filter/ },
  { name: "$filter control characters", path: api.path("incidents"), query: { $filter: "properties/title eq \u0001" }, status: 400, message: /\$filter/ },
  { name: "$orderby unknown field", path: api.path("incidents"), query: { $orderby: "properties/colour desc" }, status: 400, message: /\$orderby/ },
  { name: "$orderby bad direction", path: api.path("incidents"), query: { $orderby: "properties/title sideways" }, status: 400, message: /\$orderby/ },
  { name: "$orderby injection", path: api.path("incidents"), query: { $orderby: "name; DROP TABLE incidents" }, status: 400, message: /\$orderby/ },
  { name: "$orderby a collection", path: api.path("incidents"), query: { $orderby: "properties/labels" }, status: 400, message: /\$orderby/ },
  { name: "tampered $skipToken", path: api.path("incidents"), query: { $skipToken: "eyJhIjoxfQ.AAAA" }, status: 400, message: /skipToken is not valid/ },
  { name: "$skipToken garbage", path: api.path("incidents"), query: { $skipToken: "'; --" }, status: 400, message: /skipToken is not valid/ },
  { name: "missing api-version", path: api.path("incidents"), apiVersion: null, status: 400, message: /api-version query parameter/ },
  { name: "unknown api-version", path: api.path("incidents"), apiVersion: "2099-01-01", status: 400, message: /'2099-01-01' is invalid/ },
  { name: "api-version with injection", path: api.path("incidents"), apiVersion: "2025-12-01' OR 1=1", status: 400, message: /is invalid/ },
  { name: "no Authorization", path: api.path("incidents"), token: null, status: 401, message: /'Authorization' header is missing/ },
  { name: "Basic Authorization", path: api.path("incidents"), headers: { authorization: "Basic dXNlcjpwYXNz" }, status: 401, message: /must be 'Bearer <token>'/ },
  { name: "Bearer without a token", path: api.path("incidents"), headers: { authorization: "Bearer " }, status: 401, message: /must be 'Bearer <token>'/ },
  { name: "unknown workspace", path: `${sentinelScope({ ...DEFAULT_WORKSPACE, workspaceName: "nope" })}/incidents`, status: 404, message: /workspaces\/nope/ },
  { name: "unknown route", path: `${sentinelScope(DEFAULT_WORKSPACE)}/watchlists`, status: 404, message: /No HTTP resource/ },
  { name: "unsupported method", method: "PATCH", path: incPath, body: props({}), status: 405, message: /does not support http method 'PATCH'/ },
  { name: "POST on a collection", method: "POST", path: api.path("incidents"), body: props({}), status: 405, message: /PATCH|POST/ },
];

test(`HTTP: ${HTTP.length} bad requests, each a 4xx CloudError with a precise message`, async () => {
  for (const c of HTTP) {
    const res = await api.request(c.method ?? "GET", c.path!, {
      body: c.body,
      rawBody: c.raw,
      query: c.query,
      headers: c.headers,
      token: c.token,
      apiVersion: c.apiVersion,
    });
    assert.equal(res.status, c.status, `${c.name}: ${res.status} ${res.text.slice(0, 200)}`);
    assert.ok(res.status >= 400 && res.status < 500, `${c.name}: a 4xx`);
    assert.equal(typeof res.json?.error?.code, "string", `${c.name}: CloudError code`);
    assert.match(res.json.error.message, c.message, `${c.name}: message`);
    assert.ok(res.headers.get("x-ms-request-id"), `${c.name}: request id`);
  }
});

test("read-only fields in a PUT are ignored, as ARM does: the stored values stay", async () => {
  // Its own emulator: this PUT is valid and writes, and the store of the others must stay untouched.
  const other = await testEmulator({ seedIncidents: 3, seed: "read-only" });
  const ows = workspaceOf(other.store);
  const name = (other.store.db.prepare("SELECT name FROM incidents LIMIT 1").get() as { name: string }).name;
  const before = JSON.parse(other.store.incidents.get(ows, name)!);
  const res = await other.api.put(other.api.path("incidents", name), { properties: { ...before.properties, incidentNumber: 99999, createdTimeUtc: "2000-01-01T00:00:00Z", providerName: "Evil", additionalData: { alertsCount: 1000 } } });
  assert.equal(res.status, 200);
  const after = JSON.parse(other.store.incidents.get(ows, name)!);
  for (const k of ["incidentNumber", "createdTimeUtc", "providerName"]) assert.deepEqual(after.properties[k], before.properties[k], k);
  assert.equal(after.properties.additionalData.alertsCount, before.properties.additionalData.alertsCount);
});

test("a request that is not HTTP at all gets a 400 from the server, and the server keeps serving", async () => {
  const url = new URL(emulator.url);
  const reply = await new Promise<string>((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end("GARBAGE \u0000\u0001 HTTP/9.9\r\n\r\n"));
    let data = "";
    socket.on("data", (d) => (data += d.toString()));
    socket.on("close", () => resolve(data));
    socket.on("error", () => resolve(data));
  });
  assert.ok(reply === "" || /^HTTP\/1\.1 400/.test(reply), reply.slice(0, 40));
  assert.equal((await api.get(api.path("incidents"), { query: { $top: 1 } })).status, 200);
});

test("none of the bad requests changed the store, and none was answered with a 500", () => {
  assert.equal(emulator.store.dump(), dumpBefore);
  assert.equal(emulator.stats.byStatus["500"] ?? 0, 0);
  const totalBad = HTTP.length + LIB.length;
  assert.ok(totalBad >= 100, `${totalBad} cases in all`);
});
