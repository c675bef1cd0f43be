// Assertions and small builders the emulator behaviour tests share.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { RawApi, RawResponse } from "../helpers/emulator.js";

/**
 * Every error is the spec's CloudError, `{"error":{"code","message"}}`, and
 * carries the two ARM request-id headers. `message` may be a string the
 * message must contain or a pattern it must match.
 */
export function assertCloudError(res: RawResponse, status: number, code: string, message?: string | RegExp): void {
  const detail = `${res.status} ${res.text}`;
  assert.equal(res.status, status, detail);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/, detail);
  assert.equal(typeof res.json?.error, "object", detail);
  assert.equal(res.json.error.code, code, detail);
  assert.equal(typeof res.json.error.message, "string", detail);
  assert.ok(res.json.error.message.length > 0, detail);
  if (typeof message === "string") assert.ok(res.json.error.message.includes(message), `message should include ${JSON.stringify(message)}: ${detail}`);
  else if (message) assert.match(res.json.error.message, message, detail);
  assert.match(res.headers.get("x-ms-request-id") ?? "", /^[0-9a-f-]{36}$/, "x-ms-request-id");
  assert.ok(res.headers.get("x-ms-correlation-request-id"), "x-ms-correlation-request-id");
}

export const guid = (): string => randomUUID();

/** Compares two `store.dump()`s table by table, so a failure names the table instead of printing both dumps. */
export function assertSameStore(after: string, before: string, message = "the store changed"): void {
  if (after === before) return;
  const tables = (dump: string) => {
    const lines = dump.split("\n");
    return new Map(lines.filter((_, i) => i % 2 === 0).map((name, i) => [name, lines[2 * i + 1]]));
  };
  const [a, b] = [tables(after), tables(before)];
  const changed = [...b.keys()].filter((t) => a.get(t) !== b.get(t));
  assert.fail(`${message}: table(s) ${changed.join(", ")} differ`);
}

/** Creates an incident through the API and returns its served document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function createIncident(api: RawApi, properties: Record<string, unknown> = {}, id = guid()): Promise<any> {
  const res = await api.put(api.path("incidents", id), { properties: { title: "Test incident", severity: "Medium", status: "New", ...properties } });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

/** Creates a bookmark through the API and returns its served document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function createBookmark(api: RawApi, id = guid(), displayName = "Test bookmark"): Promise<any> {
  const res = await api.put(api.path("bookmarks", id), { properties: { displayName, query: "SecurityEvent | take 1" } });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

/** Follows nextLink to the end and returns every item, with the number of pages. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function listAll(api: RawApi, path: string, query: Record<string, string | number> = {}): Promise<{ items: any[]; pages: number }> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const items: any[] = [];
  let res = await api.get(path, { query });
  let pages = 1;
  for (;;) {
    assert.equal(res.status, 200, res.text);
    items.push(...res.json.value);
    if (!res.json.nextLink) return { items, pages };
    res = await api.get(res.json.nextLink);
    pages++;
  }
}
