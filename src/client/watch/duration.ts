// Durations as people write them ("30s", "2m", "24h", "7d"), for the watcher's
// options and the command line's flags.
import { SentinelValidationError } from "../errors.js";

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds of `500ms`, `30s`, `2m`, `24h`, `7d` or `2w`; undefined when the text is not a duration. */
export function durationMs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
}

/** A duration option: a number of ms, or text such as `30s`. */
export function parseDuration(value: number | string, field: string): number {
  const ms = typeof value === "number" ? value : durationMs(value);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    throw new SentinelValidationError(`'${field}' must be a duration such as 500ms, 30s, 2m, 24h or 7d (or a number of milliseconds), got ${JSON.stringify(value)}.`, field, value);
  }
  return ms;
}

/** Where a watch starts: a Date, an ISO date-time, or a duration back from `now` ("24h"). */
export function parseSince(value: Date | string, now: number, field = "since"): number {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new SentinelValidationError(`'${field}' is an invalid Date.`, field, value);
    return value.getTime();
  }
  if (typeof value === "string") {
    const back = durationMs(value);
    if (back !== undefined) return now - back;
    if (/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) return ms;
    }
  }
  throw new SentinelValidationError(`'${field}' must be a Date, an ISO date-time or a duration back from now such as 24h, 7d or 30m, got ${JSON.stringify(value)}.`, field, value);
}
