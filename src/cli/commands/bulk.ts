// `sentinel incident bulk-update | bulk-close | bulk-comment`: one change to every
// selected incident, at the rate the service allows, with a plan on --dry-run,
// confirmation above 10 items, a progress bar, a journal to resume from, and a summary.
import { IncidentClassification, IncidentClassificationReason } from "../../api/enums.js";
import { enumFlag } from "../flagValues.js";
import { createInterface } from "node:readline/promises";
import type { Incident } from "../../api/models.js";
import type { BulkProgress, BulkResult, PlannedChange } from "../../client/bulk/types.js";
import type { CliContext, CommandResult } from "../context.js";
import { UsageError } from "../errors.js";
import { renderTable } from "../output/table.js";
import { commentText } from "./incidentComment.js";
import { buildSelection, selectIn, selectionParams, type SelectionFlags } from "./selection.js";
import { updateItems } from "./incidentUpdate.js";

export interface BulkFlags extends SelectionFlags {
  dryRun?: boolean;
  yes?: boolean;
  concurrency?: string;
  journal?: string;
}

const CONFIRM_ABOVE = 10;

function hasSelection(f: SelectionFlags): boolean {
  return Boolean(f.all || f.filter || f.severity || f.status || f.classification || f.since || f.until || f.titleContains || f.label || f.owner || f.unassigned || f.top);
}

function concurrencyOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 64) throw new UsageError(`--concurrency must be a whole number from 1 to 64, got '${value}'`);
  return Number(value);
}

type Runner = (selection: Incident[], options: Parameters<import("../../client/sentinelClient.js").SentinelClient["bulkUpdateIncidents"]>[2]) => Promise<BulkResult & { aborted: boolean; pending: number }>;

async function bulk(ctx: CliContext, flags: BulkFlags, verb: string, run: (clients: Awaited<ReturnType<CliContext["clients"]>>) => Runner): Promise<CommandResult> {
  if (!hasSelection(verb === "Closing" ? { ...flags, classification: undefined } : flags)) {
    throw new UsageError(`say which incidents: --filter, --severity, --status, --classification, --since, --until, --title-contains, --label, --owner, --unassigned, --top N, or --all for every incident`);
  }
  const concurrency = concurrencyOf(flags.concurrency);
  const clients = await ctx.clients();
  // The same selection as list's (owner and label matched here after the service's filter); no --top means every match.
  // In bulk-close --classification is what is set, so it does not select.
  const selecting: SelectionFlags = verb === "Closing" ? { ...flags, classification: undefined } : flags;
  const selection = await buildSelection(selecting, { zone: ctx.out.zone, me: () => clients[0]!.client.signedInUser(), everyMatch: true });
  const params = selectionParams(selecting);
  // Ctrl-C at any point stops cleanly: while selecting or asking, nothing has been written;
  // while writing, the items in flight finish and the rest are reported as left.
  const controller = new AbortController();
  // A second Ctrl-C does not wait for the items in flight.
  const onSignal = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on("SIGINT", onSignal);
  try {
    return await bulkRun(ctx, flags, verb, run, clients, selection, params, concurrency, controller);
  } finally {
    process.off("SIGINT", onSignal);
  }
}

const stoppedBeforeWriting = (): CommandResult => ({ data: { cancelled: true }, exitCode: 130, human: () => "Stopped before anything was written.\n" });

async function bulkRun(
  ctx: CliContext,
  flags: BulkFlags,
  verb: string,
  run: (clients: Awaited<ReturnType<CliContext["clients"]>>) => Runner,
  clients: Awaited<ReturnType<CliContext["clients"]>>,
  selection: Awaited<ReturnType<typeof buildSelection>>,
  params: ReturnType<typeof selectionParams>,
  concurrency: number | undefined,
  controller: AbortController,
): Promise<CommandResult> {
  // Select first, so the count is known before anything is written.
  const selected: Incident[] = [];
  const progress = ctx.out.progress("Selecting incidents");
  try {
    for (const { client } of clients) {
      selected.push(...(await selectIn(client, selection, undefined, { abortSignal: controller.signal })));
      progress.update(selected.length);
    }
  } catch (e) {
    if (controller.signal.aborted) return stoppedBeforeWriting();
    throw e;
  } finally {
    progress.stop();
  }
  const runner = run(clients);
  if (flags.dryRun) {
    const plan = await runner(selected, { dryRun: true, concurrency });
    return {
      data: plan,
      human: (out) => {
        const lines = [`Dry run: ${plan.planned!.length} of ${plan.total} incidents would change; ${plan.unchanged.length} already as asked. Nothing was written.`];
        if (plan.planned!.length > 0) {
          lines.push(
            renderTable(plan.planned!, [
              ...(clients.length > 1 ? [{ header: "WORKSPACE", value: (p: PlannedChange) => p.workspace ?? "" }] : []),
              { header: "#", value: (p) => String(p.incidentNumber ?? ""), align: "right" },
              { header: "TITLE", value: (p) => p.title ?? p.name, flex: true, min: 10 },
              { header: "CHANGES", value: (p) => Object.entries(p.changes).map(([k, [a, b]]) => `${k}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`).join("; "), max: 60 },
            ], out.width, out.style).trimEnd(),
          );
        }
        return `${lines.join("\n")}\n`;
      },
    };
  }
  if (selected.length > CONFIRM_ABOVE && !flags.yes) {
    if (!ctx.io.stdin.isTTY || !ctx.io.stderr.isTTY) {
      throw new UsageError(`${verb} would touch ${selected.length} incidents; add --yes to go ahead (or --dry-run to see the changes first)`);
    }
    const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr });
    rl.on("SIGINT", () => {
      controller.abort();
      rl.close();
    });
    const answer = await rl.question(`${verb} ${selected.length} incidents? [y/N] `, { signal: controller.signal }).catch(() => "");
    rl.close();
    if (controller.signal.aborted) return stoppedBeforeWriting();
    if (!/^y(es)?$/i.test(answer.trim())) return { data: { cancelled: true, total: selected.length }, human: () => "Nothing done.\n" };
  }
  const bar = ctx.out.progress(verb);
  let result;
  try {
    result = await runner(selected, {
      concurrency,
      journal: flags.journal,
      // The journal knows the run by what was asked, not by the list it led to: that shrinks as items are done.
      selectionKey: { ...params, $top: selection.top, owner: flags.owner, unassigned: flags.unassigned, label: flags.label },
      abortSignal: controller.signal,
      onProgress: (p: BulkProgress) => bar.update(p.done, p.total, `${p.concurrency} at once`),
    });
  } finally {
    bar.stop();
  }
  const r = result;
  const summary = [
    `${verb}: ${r.succeeded.length} changed, ${r.unchanged.length} already as asked, ${r.failed.length} failed${r.resumed.length ? `, ${r.resumed.length} done by an earlier run` : ""}, of ${r.total}, in ${(r.durationMs / 1000).toFixed(1)} s (${r.writesPerSecond.toFixed(1)} writes/s, ${r.throttled} throttled).`,
  ];
  if (r.aborted) {
    const stopped = `Stopped with ${r.pending} left${flags.journal ? `; run the same command with --journal ${flags.journal} to resume` : "; add --journal FILE next time to resume where it stopped"}.`;
    // For people after the summary; in machine formats on stderr, as stdout may be a pipe into another program.
    if (ctx.out.human) summary.push(stopped);
    else ctx.io.stderr.write(`${stopped}\n`);
  }
  return {
    data: r,
    exitCode: r.aborted ? 130 : r.failed.length > 0 ? 1 : 0,
    human: (out) => {
      let text = `${summary.join("\n")}\n`;
      if (r.failed.length > 0) {
        text += renderTable(r.failed, [
          { header: "#", value: (f) => String(f.incidentNumber ?? ""), align: "right" },
          { header: "INCIDENT", value: (f) => f.name },
          { header: "REASON", value: (f) => f.reason, flex: true },
        ], out.width, out.style);
      }
      return text;
    },
  };
}

function labelled(clients: Awaited<ReturnType<CliContext["clients"]>>) {
  return clients.map((c) => ({ client: c.client, label: c.label }));
}

export interface BulkUpdateFlags extends BulkFlags {
  set?: string[];
  assign?: string;
  addLabel?: string[];
  removeLabel?: string[];
}

export async function bulkUpdate(ctx: CliContext, flags: BulkUpdateFlags): Promise<CommandResult> {
  // Only the change flags: --severity, --status and --owner here select incidents.
  const items = updateItems({ set: flags.set, owner: flags.assign, addLabel: flags.addLabel, removeLabel: flags.removeLabel });
  const { bulkUpdateAcrossWorkspaces } = await import("../../client/sentinelClient.js");
  return bulk(ctx, flags, "Updating", (clients) => (selection, options) => bulkUpdateAcrossWorkspaces(labelled(clients), selection, items, options));
}

export async function bulkClose(ctx: CliContext, flags: BulkFlags & { classification: string; reason?: string; comment?: string }): Promise<CommandResult> {
  const { bulkCloseAcrossWorkspaces } = await import("../../client/sentinelClient.js");
  const spec = {
    classification: enumFlag("--classification", IncidentClassification, flags.classification),
    reason: enumFlag("--reason", IncidentClassificationReason, flags.reason),
    comment: flags.comment,
  };
  return bulk(ctx, flags, "Closing", (clients) => (selection, options) => bulkCloseAcrossWorkspaces(labelled(clients), selection, spec, options));
}

export async function bulkComment(ctx: CliContext, text: string | undefined, flags: BulkFlags & { file?: string }): Promise<CommandResult> {
  const message = (await commentText(ctx, text, flags.file)).replace(/\s+$/, "");
  const { bulkCommentAcrossWorkspaces } = await import("../../client/sentinelClient.js");
  return bulk(ctx, flags, "Commenting", (clients) => (selection, options) => bulkCommentAcrossWorkspaces(labelled(clients), selection, message, options));
}
