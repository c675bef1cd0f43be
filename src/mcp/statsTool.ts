// incident_stats: the queue's numbers (SentinelClient.incidentStats) for an assistant —
// counts by key, created per day, backlog by age, time to close, classification mix —
// small whatever the number of incidents, since the library streams them once.
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { IncidentSeverity, IncidentStatus } from "../api/enums.js";
import { STATS_GROUP_KEYS } from "../client/stats/index.js";
import { RESULT_BUDGET, fence, sizeOf } from "./text.js";
import { DATA_NOTICE, guarded, isoTime, oneOf, result, toolArgs, workspaceArg } from "./tools.js";
import type { WorkspaceSet } from "./workspaces.js";

const DAY_MS = 86_400_000;
const CountRows = z.array(z.object({ key: z.string(), count: z.number() }));
const Duration = z.object({ count: z.number(), medianHours: z.number().nullable(), p90Hours: z.number().nullable() });

/** A time series' most recent part whose serialised size is within `budget` (a long range drops its oldest quarters first). */
function mostRecentWithin<T>(series: T[], budget: number): T[] {
  let kept = series;
  while (kept.length > 1 && sizeOf(kept) > budget) kept = kept.slice(Math.ceil(kept.length / 4));
  return kept;
}

export function registerStatsTool(server: McpServer, workspaces: WorkspaceSet): void {
  server.registerTool(
    "incident_stats",
    {
      title: "Queue metrics",
      description:
        "How the incident queue is doing over a time range (incidents created in it; default the last 30 days): counts by severity, status, owner, classification, tactic, product, label, day or week; incidents created per day by severity; the open backlog by age; time to close (median, p90, by severity); the share closed as each classification. " + DATA_NOTICE,
      inputSchema: toolArgs({
        workspace: workspaceArg(workspaces),
        since: z.string().optional().describe("ISO date or date-time: incidents created at or after it (default 30 days before 'until')"),
        until: z.string().optional().describe("ISO date or date-time: incidents created before it (default now)"),
        groupBy: z.array(oneOf(STATS_GROUP_KEYS)).max(STATS_GROUP_KEYS.length).optional().describe(`keys to count by (default severity, status, owner, classification, tactic, product, label): ${STATS_GROUP_KEYS.join(", ")}`),
        severity: z.array(oneOf(IncidentSeverity)).optional().describe("only these severities"),
        status: z.array(oneOf(IncidentStatus)).optional().describe("only these statuses"),
        top: z.number().int().min(1).max(50).optional().describe("at most this many rows per group (default 10)"),
      }),
      outputSchema: {
        workspace: z.string(),
        since: z.string(),
        until: z.string(),
        total: z.number().describe("incidents created in the range"),
        open: z.number().describe("of those, the ones still open"),
        groups: z.record(z.string(), CountRows),
        createdPerDay: z.array(z.record(z.string(), z.union([z.string(), z.number()]))),
        backlog: z.object({ open: z.number(), buckets: z.array(z.record(z.string(), z.union([z.string(), z.number()]))) }),
        timeToClose: Duration.extend({ bySeverity: z.record(z.string(), Duration) }),
        classificationMix: z.object({ closed: z.number(), rows: z.array(z.object({ classification: z.string(), count: z.number(), share: z.number() })) }),
        approximations: z.array(z.string()),
      },
      annotations: { title: "Queue metrics", readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        const until = isoTime("until", args.until) ?? new Date().toISOString();
        const since = isoTime("since", args.since) ?? new Date(Date.parse(until) - 30 * DAY_MS).toISOString();
        const filter = { ...(args.severity ? { severity: args.severity } : {}), ...(args.status ? { status: args.status } : {}) };
        const stats = await ws.client.incidentStats({ since, until, groupBy: args.groupBy, filter, abortSignal: extra.signal });
        const top = args.top ?? 10;
        const groups: Record<string, { key: string; count: number }[]> = {};
        for (const [k, rows] of Object.entries(stats.groups)) {
          if (k === "day" || k === "week") {
            // A time series is kept in time order, not cut to the top rows: its most recent part, within budget.
            groups[k] = mostRecentWithin(rows ?? [], RESULT_BUDGET / 6);
          } else groups[k] = rows?.slice(0, top) ?? [];
        }
        const perDay = mostRecentWithin(stats.createdPerDay as unknown as Record<string, string | number>[], RESULT_BUDGET / 3);
        const out = {
          workspace: ws.name,
          since: stats.since,
          until: stats.until,
          total: stats.total,
          open: stats.open,
          groups,
          createdPerDay: perDay,
          backlog: stats.backlog as unknown as { open: number; buckets: Record<string, string | number>[] },
          timeToClose: stats.timeToClose,
          classificationMix: stats.classificationMix,
          approximations: stats.approximations,
        };
        const hours = (h: number | null) => (h === null ? "—" : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`);
        const lines = [
          `${stats.total} incidents created ${stats.since.slice(0, 10)} to ${stats.until.slice(0, 10)} in workspace ${ws.name}, ${stats.open} of them open; the open backlog (created any time) is ${stats.backlog.open}.`,
          `Time to close: median ${hours(stats.timeToClose.medianHours)}, p90 ${hours(stats.timeToClose.p90Hours)} (${stats.timeToClose.count} closed).`,
          ...stats.approximations.map((a) => `Note: ${a}`),
        ];
        const groupText = Object.entries(groups)
          .map(([k, rows]) => {
            if (k !== "day" && k !== "week") return `${k}: ${rows.map((r) => `${r.key} ${r.count}`).join(", ")}`;
            if (rows.length === 0) return `${k}: none`;
            const peak = rows.reduce((a, b) => (b.count > a.count ? b : a));
            return `${k}: ${rows.length} ${k}s from ${rows[0]!.key} to ${rows[rows.length - 1]!.key}, peak ${peak.count} in ${peak.key} (each in groups.${k})`;
          })
          .join("\n");
        return result(out, groupText ? `${lines.join("\n")}\n${fence("Counts by key (names are incident data)", groupText)}` : lines.join("\n"));
      }),
  );
}
