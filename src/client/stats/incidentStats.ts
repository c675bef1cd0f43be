// incidentStats: streams the selected incidents once, page by page, and folds
// each into counters; no incident is kept, so memory does not grow with the count
// (the time-to-close quantiles switch to a bounded sketch past a million values).
import { IncidentClassification, IncidentSeverity } from "../../api/enums.js";
import type { Incident } from "../../api/models.js";
import { SentinelValidationError } from "../errors.js";
import { andFilters, incidentFilter } from "../filter.js";
import { toUtcIso } from "../values.js";
import { QuantileStream } from "./quantiles.js";
import {
  BACKLOG_BUCKETS,
  DEFAULT_STATS_GROUP_BY,
  NONE_KEY,
  STATS_GROUP_KEYS,
  UNASSIGNED_KEY,
  type CountRow,
  type DurationSummary,
  type IncidentStats,
  type IncidentStatsOptions,
  type SeverityCounts,
  type StatsGroupKey,
  type StatsClient,
  type StatsWorkspace,
} from "./types.js";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const DEFAULT_STATS_DAYS = 30;
/**
 * Half the service's largest page. With the next page prefetched two pages are held
 * at once, and each body is also held, briefly, as bytes and as text. Over 100,000
 * incidents (npm run bench -- --only 11): 1000 peaked at 160 MB, 500 at 143 MB and
 * 1.12x the list floor, 250 at 131 MB but 1.30x (each request has its fixed cost).
 */
export const STATS_PAGE_SIZE = 500;

export const CLOSE_TIME_APPROXIMATION =
  "timeToClose: the API records no closing time; a closed incident's lastModifiedTimeUtc is used, so a later edit of a closed incident lengthens its time to close.";
export const SKETCH_APPROXIMATION = "timeToClose: more closed incidents than the exact budget; quantiles are within 0.5% of the exact values.";

const zeroSeverities = (): SeverityCounts => ({ High: 0, Medium: 0, Low: 0, Informational: 0 });
const isSeverity = (s: unknown): s is IncidentSeverity => (IncidentSeverity as readonly unknown[]).includes(s);

/** The UTC day (YYYY-MM-DD) of a time in ms. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The digits of `s` from `from` to `to` as a number; NaN if any is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * True when `iso` is in the service's own UTC form, YYYY-MM-DDTHH:MM:SS[.fraction]Z: its
 * day can be read off the text and its time computed without Date.parse, which is most
 * of the cost of counting an incident.
 */
function isCanonicalUtc(iso: string): boolean {
  const n = iso.length;
  return n >= 20 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45 && iso.charCodeAt(10) === 84 && iso.charCodeAt(13) === 58 && iso.charCodeAt(16) === 58 && iso.charCodeAt(n - 1) === 90 && (n === 20 || (n >= 22 && iso.charCodeAt(19) === 46));
}

/** Milliseconds of a service time, exactly as Date.parse gives them. */
export function timeOf(iso: string): number {
  if (!isCanonicalUtc(iso)) return Date.parse(iso);
  const year = digits(iso, 0, 4);
  const month = digits(iso, 5, 7);
  const day = digits(iso, 8, 10);
  const hour = digits(iso, 11, 13);
  const minute = digits(iso, 14, 16);
  const second = digits(iso, 17, 19);
  // Milliseconds: the first three digits of the fraction (Date.parse drops the rest).
  let ms = 0;
  const fractionEnd = iso.length - 1;
  for (let i = 20, scale = 100; i < 23; i++, scale /= 10) {
    if (i >= fractionEnd) break;
    const d = iso.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Date.parse(iso);
    ms += d * scale;
  }
  for (let i = 23; i < fractionEnd; i++) {
    const d = iso.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Date.parse(iso);
  }
  // Anything unusual (a two-digit year, a 13th month, a 60th second) is Date.parse's to decide, as always.
  if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 24 && minute <= 59 && second <= 59) || (hour === 24 && (minute > 0 || second > 0 || ms > 0))) {
    return Date.parse(iso);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The UTC day of a service time: read off the text when it is already UTC ("…Z"), which is the common case. */
function dayOf(iso: string, ms: number): string {
  // Hour 24 and the 29th–31st (which may roll into the next month) are left to the computed time.
  return isCanonicalUtc(iso) && digits(iso, 11, 13) < 24 && digits(iso, 8, 10) <= 28 ? iso.slice(0, 10) : utcDay(ms);
}

/** The ISO 8601 week (e.g. 2026-W05) of a time in ms, in UTC. */
export function isoWeek(ms: number): string {
  const d = new Date(Math.floor(ms / DAY_MS) * DAY_MS);
  const weekday = d.getUTCDay() || 7; // Monday 1 ... Sunday 7
  d.setUTCDate(d.getUTCDate() + 4 - weekday); // the Thursday of the week decides its year
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / DAY_MS + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** Who holds an incident, as the list command shows it. */
export function ownerKey(incident: Incident): string {
  const o = incident.properties.owner;
  return o?.userPrincipalName || o?.email || o?.assignedTo || o?.objectId || UNASSIGNED_KEY;
}

function checkGroupBy(groupBy: readonly string[]): StatsGroupKey[] {
  if (!Array.isArray(groupBy)) throw new SentinelValidationError(`'groupBy' must be an array of: ${STATS_GROUP_KEYS.join(", ")}.`, "groupBy", groupBy, STATS_GROUP_KEYS);
  for (const key of groupBy) {
    if (!(STATS_GROUP_KEYS as readonly string[]).includes(key)) {
      throw new SentinelValidationError(`'groupBy' has the invalid value '${key}'. Allowed values: ${STATS_GROUP_KEYS.join(", ")}.`, "groupBy", key, STATS_GROUP_KEYS);
    }
  }
  return [...new Set(groupBy)] as StatsGroupKey[];
}

/** Folds incidents into the numbers of IncidentStats; exported so other views can reuse it. */
export class IncidentStatsAccumulator {
  total = 0;
  private readonly groups = new Map<StatsGroupKey, Map<string, number>>();
  private readonly perDay = new Map<string, SeverityCounts>();
  private readonly backlog = BACKLOG_BUCKETS.map(() => zeroSeverities());
  /** Open incidents of the whole backlog (any creation time before until) and of the range alone. */
  private open = 0;
  private openInRange = 0;
  private readonly close = new QuantileStream();
  private readonly closeBySeverity = new Map<IncidentSeverity, QuantileStream>(IncidentSeverity.map((s) => [s, new QuantileStream()]));
  private readonly classifications = new Map<string, number>();
  private closed = 0;
  private readonly workspaceCounts = new Map<string, number>();
  /** ISO week of each day seen (a few hundred at most). */
  private readonly weekOfDay = new Map<string, string>();

  constructor(
    readonly groupBy: readonly StatsGroupKey[],
    readonly sinceMs: number,
    readonly untilMs: number,
  ) {
    for (const key of groupBy) this.groups.set(key, new Map());
  }

  /** Adds one to a key's count, when that key was asked for. */
  private static bump(m: Map<string, number> | undefined, value: string): void {
    if (m) m.set(value, (m.get(value) ?? 0) + 1);
  }

  /** Counts each distinct value once; "(none)" when there is none. */
  private static bumpEach(m: Map<string, number> | undefined, values: readonly string[] | undefined): void {
    if (!m) return;
    if (!values || values.length === 0) IncidentStatsAccumulator.bump(m, NONE_KEY);
    else if (values.length === 1) IncidentStatsAccumulator.bump(m, values[0]!);
    else for (const v of new Set(values)) IncidentStatsAccumulator.bump(m, v);
  }

  add(incident: Incident, workspace?: string): void {
    const p = incident.properties;
    const g = this.groups;
    const bump = IncidentStatsAccumulator.bump;
    this.total++;
    if (workspace !== undefined) this.workspaceCounts.set(workspace, (this.workspaceCounts.get(workspace) ?? 0) + 1);
    const created = p.createdTimeUtc ? timeOf(p.createdTimeUtc) : NaN;
    const severity = isSeverity(p.severity) ? p.severity : undefined;
    if (g.size > 0) {
      bump(g.get("severity"), p.severity ?? NONE_KEY);
      bump(g.get("status"), p.status ?? NONE_KEY);
      const owners = g.get("owner");
      if (owners) bump(owners, ownerKey(incident));
      bump(g.get("classification"), p.classification ?? NONE_KEY);
      IncidentStatsAccumulator.bumpEach(g.get("tactic"), p.additionalData?.tactics);
      IncidentStatsAccumulator.bumpEach(g.get("product"), p.additionalData?.alertProductNames);
      const labels = g.get("label");
      if (labels) {
        const l = p.labels;
        IncidentStatsAccumulator.bumpEach(labels, l === undefined || l.length === 0 ? undefined : l.length === 1 ? [l[0]!.labelName] : l.map((x) => x.labelName));
      }
    }
    const day = Number.isNaN(created) ? undefined : dayOf(p.createdTimeUtc!, created);
    if (day !== undefined) {
      bump(g.get("day"), day);
      const weeks = g.get("week");
      if (weeks) {
        let week = this.weekOfDay.get(day);
        if (week === undefined) this.weekOfDay.set(day, (week = isoWeek(created)));
        bump(weeks, week);
      }
    }
    if (day !== undefined && severity) {
      let row = this.perDay.get(day);
      if (!row) this.perDay.set(day, (row = zeroSeverities()));
      row[severity]++;
    }
    if (p.status === "New" || p.status === "Active") {
      this.openInRange++;
      this.countOpen(created, severity);
    } else if (p.status === "Closed") {
      this.closed++;
      const c = p.classification ?? NONE_KEY;
      this.classifications.set(c, (this.classifications.get(c) ?? 0) + 1);
      const closedAt = p.lastModifiedTimeUtc ? timeOf(p.lastModifiedTimeUtc) : NaN;
      if (!Number.isNaN(created) && !Number.isNaN(closedAt)) {
        const hours = Math.max(0, closedAt - created) / HOUR_MS;
        this.close.add(hours);
        if (severity) this.closeBySeverity.get(severity)!.add(hours);
      }
    }
  }

  /**
   * An open incident created before the range: it counts in the backlog (whose oldest
   * part it is) and nowhere else.
   */
  addToBacklog(incident: Incident): void {
    const p = incident.properties;
    if (p.status !== "New" && p.status !== "Active") return;
    this.countOpen(p.createdTimeUtc ? timeOf(p.createdTimeUtc) : NaN, isSeverity(p.severity) ? p.severity : undefined);
  }

  private countOpen(created: number, severity: IncidentSeverity | undefined): void {
    this.open++;
    if (!Number.isNaN(created) && severity) {
      const ageHours = Math.max(0, this.untilMs - created) / HOUR_MS;
      let i = 0;
      while (ageHours >= BACKLOG_BUCKETS[i]!.maxHours) i++;
      this.backlog[i]![severity]++;
    }
  }

  result(): IncidentStats {
    const groups: IncidentStats["groups"] = {};
    for (const [key, counts] of this.groups) {
      const rows: CountRow[] = [...counts].map(([k, count]) => ({ key: k, count }));
      if (key === "day" || key === "week") rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      else rows.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      groups[key] = rows;
    }
    const createdPerDay: IncidentStats["createdPerDay"] = [];
    for (let t = Math.floor(this.sinceMs / DAY_MS) * DAY_MS; t < this.untilMs; t += DAY_MS) {
      const day = utcDay(t);
      const row = this.perDay.get(day) ?? zeroSeverities();
      createdPerDay.push({ day, total: row.High + row.Medium + row.Low + row.Informational, ...row });
    }
    const summary = (q: QuantileStream): DurationSummary => ({ count: q.count, medianHours: round(q.quantile(0.5)), p90Hours: round(q.quantile(0.9)) });
    const bySeverity = Object.fromEntries(IncidentSeverity.map((s) => [s, summary(this.closeBySeverity.get(s)!)])) as Record<IncidentSeverity, DurationSummary>;
    const order = [...IncidentClassification, NONE_KEY];
    const approximations = [CLOSE_TIME_APPROXIMATION];
    if (this.close.approximate) approximations.push(SKETCH_APPROXIMATION);
    return {
      since: new Date(this.sinceMs).toISOString(),
      until: new Date(this.untilMs).toISOString(),
      total: this.total,
      open: this.openInRange,
      groups,
      createdPerDay,
      backlog: {
        open: this.open,
        buckets: BACKLOG_BUCKETS.map((b, i) => {
          const row = this.backlog[i]!;
          return { bucket: b.bucket, count: row.High + row.Medium + row.Low + row.Informational, ...row };
        }),
      },
      timeToClose: { ...summary(this.close), bySeverity },
      classificationMix: {
        closed: this.closed,
        rows: [...this.classifications]
          .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
          .map(([classification, count]) => ({ classification: classification as IncidentClassification, count, share: count / this.closed })),
      },
      workspaces: [...this.workspaceCounts].map(([key, count]) => ({ key, count })),
      approximations,
    };
  }
}

/** Hours to 3 decimals (a few seconds), so JSON stays readable. */
function round(hours: number | undefined): number | null {
  return hours === undefined ? null : Math.round(hours * 1000) / 1000;
}

/** The time range and $filter incidentStats selects with; checked before any request. */
export function statsSelection(options: IncidentStatsOptions, now = Date.now()): { sinceMs: number; untilMs: number; filter: string; olderOpenFilter: string } {
  const untilMs = options.until === undefined ? now : Date.parse(toUtcIso(options.until, "until"));
  const sinceMs = options.since === undefined ? untilMs - DEFAULT_STATS_DAYS * DAY_MS : Date.parse(toUtcIso(options.since, "since"));
  if (sinceMs >= untilMs) throw new SentinelValidationError(`'since' (${new Date(sinceMs).toISOString()}) must be before 'until' (${new Date(untilMs).toISOString()}).`, "since", options.since);
  let extra: string | undefined;
  if (typeof options.filter === "string") extra = options.filter;
  else if (options.filter !== undefined) {
    if (options.filter === null || typeof options.filter !== "object") throw new SentinelValidationError("'filter' must be filter criteria or an OData $filter string.", "filter", options.filter);
    extra = incidentFilter(options.filter);
  }
  const range = incidentFilter({ createdAfter: new Date(sinceMs), createdBefore: new Date(untilMs) });
  // The backlog is every open incident, however old: those created before the range come from a second, small query.
  const olderOpen = incidentFilter({ status: ["New", "Active"], createdBefore: new Date(sinceMs) });
  return { sinceMs, untilMs, filter: andFilters(range, extra)!, olderOpenFilter: andFilters(olderOpen, extra)! };
}

/** Streams the selected incidents of each workspace once and returns the numbers. */
export async function incidentStats(workspaces: readonly (StatsWorkspace | StatsClient)[], options: IncidentStatsOptions = {}): Promise<IncidentStats> {
  if (workspaces.length === 0) throw new SentinelValidationError("'workspaces' is empty; give at least one client.", "workspaces", workspaces);
  const groupBy = checkGroupBy(options.groupBy ?? DEFAULT_STATS_GROUP_BY);
  const { sinceMs, untilMs, filter, olderOpenFilter } = statsSelection(options);
  const acc = new IncidentStatsAccumulator(groupBy, sinceMs, untilMs);
  const several = workspaces.length > 1;
  for (const w of workspaces) {
    const { label, client } = "client" in w ? w : { label: w.workspace.workspaceName, client: w };
    const stream = async ($filter: string, count: (incident: Incident) => void) => {
      const pages = client.iterateIncidents({ $filter, $top: STATS_PAGE_SIZE }, { abortSignal: options.abortSignal }).byPage();
      // The next page is requested before this one is counted, so the service prepares
      // it while we count: at most two pages are held at once.
      let pending = pages.next();
      for (;;) {
        const { value: page, done } = await pending;
        if (done) break;
        pending = pages.next();
        // A failure of the prefetch surfaces at the next await, not as an unhandled rejection.
        pending.catch(() => undefined);
        for (const incident of page) count(incident);
      }
    };
    await stream(filter, (incident) => acc.add(incident, several ? label : undefined));
    await stream(olderOpenFilter, (incident) => acc.addToBacklog(incident));
  }
  return acc.result();
}
