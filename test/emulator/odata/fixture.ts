// A small incidents table and its schema, shared by the OData tests.
// Every test runs the compiled SQL for real, so what is checked is which
// rows a filter returns, not what the SQL looks like.
import Database from "better-sqlite3";
import { compileFilter, registerODataFunctions, type FieldSchema } from "../../../src/emulator/odata/index.js";

const doc = (path: string) => `json_extract(doc, '$.${path}')`;

export const FIELDS: FieldSchema = {
  name: { kind: "scalar", type: "string", sql: "name" },
  "properties/title": { kind: "scalar", type: "string", sql: "title" },
  "properties/severity": { kind: "scalar", type: "string", sql: "severity" },
  "properties/createdTimeUtc": { kind: "scalar", type: "datetime", sql: "created_ms" },
  "properties/owner/email": { kind: "scalar", type: "string", sql: doc("owner.email") },
  "properties/incidentNumber": { kind: "scalar", type: "number", sql: doc("number") },
  "properties/additionalData/alertsCount": { kind: "scalar", type: "number", sql: doc("alertsCount") },
  "properties/isActive": { kind: "scalar", type: "boolean", sql: doc("active") },
  "properties/labels": { kind: "collection", jsonSql: doc("labels"), item: { labelName: "string", labelType: "string" } },
  "properties/additionalData/tactics": { kind: "collection", jsonSql: doc("tactics"), item: "string" },
  "properties/alerts": {
    kind: "collection",
    jsonSql: doc("alerts"),
    item: { alertName: "string", timeGenerated: "datetime", count: "number" },
  },
  "properties/additionalData/firstSeen": { kind: "collection", jsonSql: doc("seen"), item: "datetime" },
};

interface Row {
  name: string;
  title: string | null;
  severity: string | null;
  created: string | null;
  doc: Record<string, unknown>;
}

const label = (labelName: string, labelType = "User") => ({ labelName, labelType });

export const ROWS: Row[] = [
  {
    name: "a1", title: "Suspicious login", severity: "High", created: "2023-03-21T12:00:00Z",
    doc: {
      owner: { email: "alice@contoso.com" }, number: 1, alertsCount: 3, active: true,
      labels: [label("x"), label("Phish", "AutoAssigned")], tactics: ["Persistence", "InitialAccess"],
      alerts: [{ alertName: "al1", timeGenerated: "2023-03-21T11:00:00Z", count: 2 }], seen: ["2023-03-01T00:00:00Z"],
    },
  },
  {
    name: "a2", title: "MsTicPy found it", severity: "Medium", created: "2023-03-21T12:00:00.123Z",
    doc: { number: 2, alertsCount: 0, active: false, labels: [], tactics: [], alerts: [], seen: [] },
  },
  {
    name: "a3", title: "O'Brien's -- 100% _done_ *[x]", severity: "Low", created: "2023-03-22T00:00:00Z",
    doc: {
      owner: { email: "BOB@contoso.com" }, number: 3, alertsCount: 10,
      labels: [label("y")], tactics: ["Persistence"],
      alerts: [
        { alertName: "al2", timeGenerated: "2023-03-22T00:00:00.500Z", count: 1 },
        { alertName: "al3", timeGenerated: "2023-03-23T00:00:00+05:00", count: 7 },
      ],
    },
  },
  { name: "a4", title: "x' or 1=1 --", severity: "Informational", created: null, doc: {} },
  {
    name: "a5", title: "ÉCOLE Straße 😀", severity: "High", created: "2023-03-20T23:30:00-01:00",
    doc: { owner: { email: "Émile@contoso.com" }, number: 5, active: true, labels: [label("x"), label("x", "System")], tactics: ["Exfiltration"] },
  },
  { name: "a6", title: null, severity: null, created: "2023-01-01T00:00:00Z", doc: { number: 6, alertsCount: 2.5, labels: [label("Phish")] } },
  { name: "a7", title: "mstic", severity: "high", created: "2023-03-21T12:00:00Z", doc: { number: 7, alertsCount: 3 } },
];

export function openDb(): Database.Database {
  const db = new Database(":memory:");
  registerODataFunctions(db);
  // `title` is declared NOCASE on purpose: compiled comparisons must stay ordinal anyway.
  db.exec("CREATE TABLE incidents (ws TEXT, name TEXT PRIMARY KEY, title TEXT COLLATE NOCASE, severity TEXT, created_ms INTEGER, doc TEXT)");
  const insert = db.prepare("INSERT INTO incidents VALUES ('ws1', ?, ?, ?, ?, ?)");
  for (const r of ROWS) insert.run(r.name, r.title, r.severity, r.created === null ? null : Date.parse(r.created), JSON.stringify(r.doc));
  db.prepare("INSERT INTO incidents VALUES ('ws2', 'other-ws', 'Suspicious login', 'High', 0, '{}')").run();
  return db;
}

/** The names of the rows of workspace ws1 that `filter` selects, in name order. */
export function matcher(db: Database.Database) {
  return (filter: string): string[] => {
    const f = compileFilter(filter, FIELDS, "Incident");
    const sql = `SELECT name FROM incidents WHERE ws = ? AND (${f.sql}) ORDER BY name`;
    return db.prepare(sql).pluck().all("ws1", ...f.params) as string[];
  };
}
