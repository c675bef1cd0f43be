// `sentinel incident stats`: SOC metrics of the selected incidents as tables with
// inline bars and a sparkline, or the same numbers as JSON, or as CSV rows
// (metric, key, value) that any spreadsheet can pivot.
import { IncidentSeverity } from "../../api/enums.js";
import { STATS_GROUP_KEYS, type IncidentStats, type StatsGroupKey } from "../../client/stats/types.js";
import type { CliContext, CommandResult, Output } from "../context.js";
import { UsageError } from "../errors.js";
import { bar, sparkline, unicodeTerminal, type ChartGlyphs } from "../output/charts.js";
import { displayWidth, pad, paint, safe, severityColor, truncate } from "../output/style.js";
import { parseSince, selectionFilter, type SelectionFlags } from "./selection.js";

export interface StatsFlags extends Omit<SelectionFlags, "top" | "all" | "orderby"> {
  until?: string;
  by?: string;
  ascii?: boolean;
}

export const DEFAULT_STATS_BY: StatsGroupKey[] = ["severity", "status", "owner", "tactic", "product"];

export function parseBy(value: string | undefined): StatsGroupKey[] {
  if (value === undefined) return DEFAULT_STATS_BY;
  const keys = value.split(",").map((k) => k.trim().toLowerCase()).filter(Boolean);
  if (keys.length === 0) throw new UsageError(`--by needs at least one of: ${STATS_GROUP_KEYS.join(", ")}`);
  for (const k of keys) if (!(STATS_GROUP_KEYS as readonly string[]).includes(k)) throw new UsageError(`--by has the invalid value '${k}'. Allowed values: ${STATS_GROUP_KEYS.join(", ")}`);
  return keys as StatsGroupKey[];
}

export async function incidentStatsCommand(ctx: CliContext, flags: StatsFlags): Promise<CommandResult> {
  const groupBy = parseBy(flags.by);
  const now = Date.now();
  // Both ends are measured from now: --since 30d --until 7d is "from 30 days ago to 7 days ago".
  const until = flags.until !== undefined ? parseSince(flags.until, now) : new Date(now);
  const since = parseSince(flags.since ?? "30d", now);
  if (since.getTime() >= until.getTime()) throw new UsageError(`--since (${since.toISOString()}) must be before --until (${until.toISOString()})`);
  const filter = selectionFilter({ ...flags, since: undefined });
  const targets = await ctx.clients();
  const progress = ctx.out.progress("Counting incidents");
  let stats: IncidentStats;
  try {
    stats = await targets[0]!.client.incidentStats({ since, until, groupBy, filter, workspaces: targets.map(({ label, client }) => ({ label, client })) });
  } finally {
    progress.stop();
  }
  const data = ctx.out.format === "csv" || ctx.out.format === "tsv" ? statsRows(stats) : stats;
  const glyphs: ChartGlyphs = { ascii: Boolean(flags.ascii) || !unicodeTerminal(ctx.io.env) };
  return { data, human: (out) => renderStats(stats, out, glyphs) };
}

type StatsRow = { metric: string; key: string; value: number | string | null };

/** Every number as a (metric, key, value) row. */
export function statsRows(s: IncidentStats): StatsRow[] {
  const rows: StatsRow[] = [
    { metric: "since", key: "", value: s.since },
    { metric: "until", key: "", value: s.until },
    { metric: "total", key: "", value: s.total },
  ];
  for (const [group, counts] of Object.entries(s.groups)) for (const r of counts ?? []) rows.push({ metric: `count.${group}`, key: r.key, value: r.count });
  for (const d of s.createdPerDay) for (const sev of IncidentSeverity) rows.push({ metric: `createdPerDay.${sev}`, key: d.day, value: d[sev] });
  rows.push({ metric: "open", key: "", value: s.open });
  rows.push({ metric: "backlog.open", key: "", value: s.backlog.open });
  for (const b of s.backlog.buckets) for (const sev of IncidentSeverity) rows.push({ metric: `backlog.${sev}`, key: b.bucket, value: b[sev] });
  const ttc = [["all", s.timeToClose] as const, ...IncidentSeverity.map((sev) => [sev, s.timeToClose.bySeverity[sev]] as const)];
  for (const [key, t] of ttc) {
    rows.push({ metric: "timeToClose.count", key, value: t.count }, { metric: "timeToClose.medianHours", key, value: t.medianHours }, { metric: "timeToClose.p90Hours", key, value: t.p90Hours });
  }
  for (const c of s.classificationMix.rows) rows.push({ metric: "classification.count", key: c.classification, value: c.count }, { metric: "classification.share", key: c.classification, value: c.share });
  for (const w of s.workspaces) rows.push({ metric: "count.workspace", key: w.key, value: w.count });
  for (const a of s.approximations) rows.push({ metric: "approximation", key: "", value: a });
  return rows;
}

/** Hours as people say them: 45m, 5.2h, 3.1d. */
export function duration(hours: number | null): string {
  if (hours === null) return "–";
  if (hours < 1) return `${Math.round(hours * 60)}m`;
  if (hours < 48) return `${hours.toFixed(1)}h`;
  return `${(hours / 24).toFixed(1)}d`;
}

const num = (n: number) => n.toLocaleString("en-US");

interface BarRow {
  key: string;
  count: number;
  note?: string;
  color?: Parameters<typeof paint>[1];
}

function barTable(title: string, rows: BarRow[], out: Output, g: ChartGlyphs, limit = 10): string {
  const head = paint(out.style, "bold", title);
  if (rows.length === 0) return `${head}\n  (none)\n`;
  const lines = [head];
  const shown = rows.slice(0, limit);
  const countWidth = Math.max(...shown.map((r) => num(r.count).length));
  const noteWidth = Math.max(0, ...shown.map((r) => (r.note ?? "").length));
  // The key gets what the bar can spare down to 20 columns; the bar the rest, up to 40.
  const keyWidth = Math.max(8, Math.min(Math.max(...shown.map((r) => displayWidth(safe(r.key)))), out.width - countWidth - noteWidth - 8 - 20));
  const barWidth = Math.max(4, Math.min(40, out.width - keyWidth - countWidth - noteWidth - 8));
  const max = Math.max(...shown.map((r) => r.count));
  for (const r of shown) {
    const key = pad(truncate(safe(r.key), keyWidth), keyWidth);
    const note = noteWidth ? `  ${(r.note ?? "").padStart(noteWidth)}` : "";
    const b = bar(r.count, max, barWidth, g);
    lines.push(`  ${r.color ? paint(out.style, r.color, key) : key}  ${num(r.count).padStart(countWidth)}${note}  ${r.color ? paint(out.style, r.color, b) : b}`);
  }
  if (rows.length > limit) lines.push(paint(out.style, "dim", `  … ${rows.length - limit} more (-o json shows all)`));
  return `${lines.join("\n")}\n`;
}

export function renderStats(s: IncidentStats, out: Output, g: ChartGlyphs): string {
  const parts: string[] = [];
  const closed = s.classificationMix.closed;
  parts.push(`${paint(out.style, "bold", `Incidents created ${s.since.slice(0, 10)} to ${s.until.slice(0, 10)}`)}: ${num(s.total)} (open ${num(s.open)}, closed ${num(closed)})\n`);
  const perDay = s.createdPerDay.map((d) => d.total);
  const sparkWidth = Math.max(10, out.width - 32);
  const lines = [`${pad("Created per day", 15)}  ${sparkline(perDay, sparkWidth, g)}  peak ${num(Math.max(0, ...perDay))}/day`];
  for (const sev of IncidentSeverity) {
    const series = s.createdPerDay.map((d) => d[sev]);
    if (series.some((v) => v > 0)) lines.push(`  ${paint(out.style, severityColor(sev), pad(sev, 13))}  ${sparkline(series, sparkWidth, g)}  ${num(series.reduce((a, b) => a + b, 0))}`);
  }
  parts.push(`${lines.join("\n")}\n`);
  for (const [group, counts] of Object.entries(s.groups) as [StatsGroupKey, BarRow[]][]) {
    const rows = counts.map((r) => ({ key: r.key, count: r.count, color: group === "severity" ? severityColor(r.key) : undefined }));
    parts.push(barTable(`By ${group}`, rows, out, g, group === "day" || group === "week" ? 60 : 10));
  }
  if (s.workspaces.length > 0) parts.push(barTable("By workspace", s.workspaces, out, g));
  parts.push(
    barTable(
      `Open backlog by age (${num(s.backlog.open)} open, created any time)`,
      s.backlog.buckets.map((b) => ({ key: b.bucket, count: b.count, note: `H ${b.High} M ${b.Medium} L ${b.Low} I ${b.Informational}` })),
      out,
      g,
    ),
  );
  const ttcRows = [
    { key: "all", t: s.timeToClose },
    ...IncidentSeverity.map((sev) => ({ key: sev, t: s.timeToClose.bySeverity[sev] })),
  ].filter((r) => r.t.count > 0);
  parts.push(
    barTable(
      "Time to close (closed, median, p90)",
      ttcRows.map((r) => ({ key: r.key, count: r.t.count, note: `${duration(r.t.medianHours).padStart(6)} ${duration(r.t.p90Hours).padStart(6)}`, color: r.key === "all" ? undefined : severityColor(r.key) })),
      out,
      g,
    ),
  );
  parts.push(barTable(`Closed by classification (${num(closed)} closed)`, s.classificationMix.rows.map((c) => ({ key: c.classification, count: c.count, note: `${(c.share * 100).toFixed(1)}%` })), out, g));
  for (const a of s.approximations) parts.push(`${paint(out.style, "dim", wrap(`Note: ${a}`, out.width))}\n`);
  return parts.join("\n");
}

/** Words to lines of at most `width` columns. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join("\n");
}
