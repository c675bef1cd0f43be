// The forms of relatedResourceId clients send for one resource: the spec's ARM
// path, MSTICPy's path without the leading slash, and a whole URL. Each relates
// the same bookmark and is stored as the ARM path; anything else stays refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bookmarkResourceId } from "../../src/api/resourceId.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { armPathOfRelatedId } from "../../src/emulator/validation/relatedResourceId.js";
import { testEmulator } from "../helpers/emulator.js";
import { assertCloudError, assertSameStore, createBookmark, createIncident, guid } from "./support.js";

const emulator = await testEmulator();
const { api } = emulator;

test("armPathOfRelatedId: the ARM path of each form, other text unchanged", () => {
  const path = bookmarkResourceId(DEFAULT_WORKSPACE, "b1");
  assert.equal(armPathOfRelatedId(path), path);
  assert.equal(armPathOfRelatedId(path.slice(1)), path);
  assert.equal(armPathOfRelatedId(`https://management.azure.com${path}`), path);
  assert.equal(armPathOfRelatedId(`http://127.0.0.1:4242${path}`), path);
  assert.equal(armPathOfRelatedId(`  ${path}  `), path);
  for (const other of [`https://management.azure.com${path}?api-version=2025-12-01`, "bookmarks/b1", "https://management.azure.com", "ftp://x/subscriptions/a", ""]) {
    assert.equal(armPathOfRelatedId(other), other.trim());
  }
});

test("each form relates the same bookmark, stored as the ARM path", async () => {
  const bookmark = (await createBookmark(api)).name as string;
  const path = bookmarkResourceId(DEFAULT_WORKSPACE, bookmark);
  // MSTICPy's workspace path spells 'resourcegroups' in lower case.
  const lower = path.replace("/resourceGroups/", "/resourcegroups/");
  for (const form of [path, lower.slice(1), `https://management.azure.com${lower}`, `${emulator.url}${lower}`]) {
    const incident = (await createIncident(api)).name as string;
    const res = await api.put(api.path("incidents", incident, "relations", guid()), { properties: { relatedResourceId: form } });
    assert.equal(res.status, 201, `${form}: ${res.text}`);
    assert.equal(res.json.properties.relatedResourceId, path);
    assert.equal(res.json.properties.relatedResourceName, bookmark);
    assert.equal((await api.get(api.path("incidents", incident))).json.properties.additionalData.bookmarksCount, 1);
  }
});

test("a URL with a query, a relative path or another workspace's URL is refused", async () => {
  const bookmark = (await createBookmark(api)).name as string;
  const incident = (await createIncident(api)).name as string;
  const path = bookmarkResourceId(DEFAULT_WORKSPACE, bookmark);
  const before = emulator.store.dump();
  const cases: [string, RegExp][] = [
    [`https://management.azure.com${path}?api-version=2025-12-01`, /is not the resource id/],
    [`bookmarks/${bookmark}`, /is not the resource id/],
    [`https://management.azure.com${bookmarkResourceId({ ...DEFAULT_WORKSPACE, workspaceName: "other" }, bookmark)}`, /not in this workspace/],
  ];
  for (const [form, message] of cases) {
    const res = await api.put(api.path("incidents", incident, "relations", guid()), { properties: { relatedResourceId: form } });
    assertCloudError(res, 400, "BadRequest", message);
  }
  assertSameStore(emulator.store.dump(), before);
});
