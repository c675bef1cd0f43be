// The seed generator's entry: a deterministic, streamed SOC history of the last 90 days.
// Everything comes from PRNG streams keyed by the seed and the workspace (never from
// Math.random or the clock), so the same options replay the same data.
import { entityResourceId, sentinelScope, workspaceKey } from "../../api/resourceId.js";
import { bookmarkCount, generateBookmarks } from "./bookmarks.js";
import { Products } from "./catalog.js";
import { makeIncident, type IncidentContext } from "./incidents.js";
import { Rng } from "./random.js";
import { TEMPLATES } from "./templates.js";
import type { SeedData, SeedIncident, SeedOptions } from "./types.js";
import { buildWorld } from "./world.js";

export const SEED_WINDOW_DAYS = 90;
const WINDOW_MS = SEED_WINDOW_DAYS * 24 * 3_600_000;

/**
 * The workspace's analytics rules: one per scheduled detection, and one
 * "Microsoft incident creation" rule per Microsoft security product.
 */
function buildRules(rng: Rng, scope: string): Map<string, string> {
  const rules = new Map<string, string>();
  for (const product of Object.values(Products)) if (product !== Products.sentinel) rules.set(product, `${scope}/alertRules/${rng.guid()}`);
  for (const t of TEMPLATES) if (t.product === Products.sentinel) rules.set(t.key, `${scope}/alertRules/${rng.guid()}`);
  return rules;
}

function* incidentStream(base: string, ctx: IncidentContext, count: number): Generator<SeedIncident> {
  // A fresh stream per iteration, so iterating twice yields the same incidents.
  const rng = new Rng(`${base}/incidents`);
  const start = ctx.nowMs - WINDOW_MS;
  const slot = WINDOW_MS / count;
  for (let i = 0; i < count; i++) {
    // One creation time per equal slot of the window: spread out, and already oldest first.
    const createdMs = Math.floor(start + (i + rng.float()) * slot);
    yield makeIncident(rng, ctx, createdMs, (i + 0.5) / count);
  }
}

export function generateSeed(options: SeedOptions): SeedData {
  const { incidents, seed, now, workspace } = options;
  if (!Number.isInteger(incidents) || incidents < 0) throw new RangeError(`incidents must be a non-negative integer, got ${incidents}`);
  const nowMs = now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError("now must be a valid date");

  // The workspace is part of the key, so two workspaces seeded alike still get their own GUIDs.
  const base = `${seed}\u0000${workspaceKey(workspace)}`;
  const world = buildWorld(new Rng(`${base}/world`), workspace);
  const idPrefix = entityResourceId(workspace, "");
  const bookmarks = generateBookmarks(new Rng(`${base}/bookmarks`), world, idPrefix, bookmarkCount(incidents), nowMs, WINDOW_MS);
  const ctx: IncidentContext = {
    world,
    rules: buildRules(new Rng(`${base}/rules`), sentinelScope(workspace)),
    idPrefix,
    nowMs,
    bookmarkNames: bookmarks.map((b) => b.name),
  };
  return {
    bookmarks,
    incidents: { [Symbol.iterator]: () => incidentStream(base, ctx, incidents) },
  };
}
