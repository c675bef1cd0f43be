// The workspace's hunting bookmarks, made up front (a few thousand at most) and
// oldest first, so incidents can link the ones bookmarked around their own time.
import type { UserInfo } from "../../api/models.js";
import { DIRECTORY } from "../directory.js";
import { BOOKMARK_LABELS, BOOKMARK_NOTES, BOOKMARK_TEMPLATES } from "./bookmarkCatalog.js";
import { makeCast } from "./cast.js";
import { EntityPool } from "./entities.js";
import { type Rng, weightedTable } from "./random.js";
import type { SeedBookmark } from "./types.js";
import type { World } from "./world.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const MAX_BOOKMARKS = 5000;

const HUNTERS = DIRECTORY.filter((p) => p.type === "User");
const ENTITY_COUNT = weightedTable([[0, 15], [1, 30], [2, 30], [3, 25]]);

export function bookmarkCount(incidents: number): number {
  return Math.min(MAX_BOOKMARKS, Math.max(10, Math.floor(incidents / 20)));
}

function userInfo(rng: Rng): UserInfo {
  const p = rng.pick(HUNTERS);
  return { objectId: p.objectId, email: p.email, name: p.displayName };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function generateBookmarks(rng: Rng, world: World, idPrefix: string, count: number, nowMs: number, windowMs: number): SeedBookmark[] {
  const bookmarks: SeedBookmark[] = [];
  const start = nowMs - windowMs;
  const slot = windowMs / count;
  for (let i = 0; i < count; i++) {
    const createdMs = Math.floor(start + (i + rng.float()) * slot);
    const template = rng.pick(BOOKMARK_TEMPLATES);
    const cast = makeCast(rng, world, "windows");
    const eventMs = createdMs - Math.floor(rng.float() * 3 * DAY);
    const queryStartMs = eventMs - Math.floor((1 + rng.float() * 6 * 24) * HOUR);
    const queryEndMs = eventMs + Math.floor(rng.float() * (createdMs - eventMs));
    const eventTime = iso(eventMs);
    // Hunters bookmark the same finding twice now and then.
    const displayName =
      bookmarks.length > 0 && rng.chance(0.03) ? rng.pick(bookmarks).properties.displayName : template.displayName(cast, rng.hex(12));
    const createdBy = userInfo(rng);
    const edited = rng.chance(0.3);
    const updatedMs = edited ? createdMs + Math.floor(rng.float() * Math.min(nowMs - createdMs, 5 * DAY)) : createdMs;

    const entities = new EntityPool(rng, world, cast, idPrefix).entitiesFor(template, template.kinds.slice(0, rng.weighted(ENTITY_COUNT)), false, eventMs);
    const bookmark: SeedBookmark = {
      name: rng.guid(),
      properties: {
        displayName,
        query: template.query(cast),
        queryResult: JSON.stringify({ ...template.row(cast, eventTime), __entityMapping: template.mapping(cast) }),
        created: iso(createdMs),
        createdBy,
        updated: iso(updatedMs),
        updatedBy: edited && rng.chance(0.5) ? userInfo(rng) : { ...createdBy },
        eventTime,
        queryStartTime: iso(queryStartMs),
        queryEndTime: iso(queryEndMs),
        labels: rng.sample(BOOKMARK_LABELS, rng.int(0, 2)),
      },
      entities,
    };
    if (rng.chance(0.6)) bookmark.properties.notes = rng.pick(BOOKMARK_NOTES);
    bookmarks.push(bookmark);
  }
  return bookmarks;
}
