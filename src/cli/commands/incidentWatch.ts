// `sentinel incident watch`: the change feed on the command line. One JSON line
// per change on stdout (or a live line per change with -o table), or one run of
// --exec CMD per change with the change's JSON on stdin. Ctrl-C saves the
// checkpoint and exits 130.
import { spawn } from "node:child_process";
import type { IncidentChange, WatchIncidentsOptions } from "../../client/watch/types.js";
import { CliContext, type GlobalFlags, type Io } from "../context.js";
import { UsageError } from "../errors.js";
import { describeFailure } from "../failure.js";
import { paint, safe, severityColor, truncate } from "../output/style.js";
import { selectionFilter } from "./selection.js";

export interface WatchFlags extends GlobalFlags {
  filter?: string;
  severity?: string;
  status?: string;
  titleContains?: string;
  label?: string;
  owner?: string;
  since?: string;
  checkpoint?: string;
  interval?: string;
  lookback?: string;
  include?: string;
  reconcile?: string;
  once?: boolean;
  exec?: string;
  execRetries?: string;
}

const INCLUDE = ["alerts", "entities", "comments", "bookmarks"] as const;
/** Back-off between runs of a failing --exec: 1 s, doubling, at most 30 s. */
const EXEC_BACKOFF_MS = 1_000;
const EXEC_BACKOFF_MAX_MS = 30_000;

function duration(value: string | undefined, flag: string, durationMs: (t: string) => number | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const ms = durationMs(value);
  if (ms === undefined || ms < min) throw new UsageError(`${flag} must be a duration such as 500ms, 30s, 2m, 1h or 1d, got '${value}'`);
  return ms;
}

/** Checks every flag before the first request. */
export async function watchOptions(flags: WatchFlags): Promise<WatchIncidentsOptions & { execRetries: number }> {
  const { durationMs } = await import("../../client/watch/duration.js");
  // --since here says where the feed starts (not a creation-time criterion as in `incident list`).
  const filter = selectionFilter({ ...flags, since: undefined });
  let include: WatchIncidentsOptions["include"];
  if (flags.include !== undefined) {
    include = {};
    for (const part of flags.include.split(",").map((p) => p.trim().toLowerCase()).filter(Boolean)) {
      if (!(INCLUDE as readonly string[]).includes(part)) throw new UsageError(`--include takes ${INCLUDE.join(", ")} (comma-separated), got '${part}'`);
      include[part as (typeof INCLUDE)[number]] = true;
    }
  }
  let since: string | undefined;
  if (flags.since !== undefined) {
    if (durationMs(flags.since) === undefined && Number.isNaN(Date.parse(flags.since))) throw new UsageError(`--since must be a duration such as 24h, 7d or 30m, or an ISO date-time, got '${flags.since}'`);
    since = flags.since;
  }
  if (flags.checkpoint !== undefined && flags.checkpoint.trim() === "") throw new UsageError("--checkpoint needs a file path");
  let execRetries = 5;
  if (flags.execRetries !== undefined) {
    if (!/^\d+$/.test(flags.execRetries) || Number(flags.execRetries) > 100) throw new UsageError(`--exec-retries must be a whole number from 0 to 100, got '${flags.execRetries}'`);
    execRetries = Number(flags.execRetries);
  }
  if (flags.exec !== undefined && flags.exec.trim() === "") throw new UsageError("--exec needs a command");
  return {
    since,
    checkpoint: flags.checkpoint,
    pollIntervalInMs: duration(flags.interval, "--interval", durationMs),
    lookbackInMs: duration(flags.lookback, "--lookback", durationMs, 0),
    reconcileEveryInMs: duration(flags.reconcile, "--reconcile", durationMs),
    filter,
    include,
    once: flags.once === true,
    execRetries,
  };
}

/** Runs CMD with the change on stdin; resolves with its exit code (or a description of how it died). */
function runExec(command: string, change: IncidentChange, io: Io): Promise<{ ok: boolean; why: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, {
      shell: true,
      stdio: ["pipe", "inherit", "inherit"],
      env: { ...io.env, SENTINEL_CHANGE_KIND: change.kind, SENTINEL_EVENT_ID: change.eventId, SENTINEL_CHANGE_WORKSPACE: change.workspace },
    });
    child.on("error", (e) => resolve({ ok: false, why: e.message }));
    child.on("close", (code, signal) => resolve({ ok: code === 0, why: signal ? `killed by ${signal}` : `exit ${code}` }));
    child.stdin.on("error", () => {});
    child.stdin.end(`${JSON.stringify(change)}\n`);
  });
}

/** A live line for a person; incident text is data, so control characters are blanked. */
function humanLine(change: IncidentChange, width: number, color: boolean, many: boolean): string {
  const style = { color };
  const time = change.observedAt.slice(11, 19);
  const kind = paint(style, change.kind === "deleted" ? "red" : change.kind === "created" ? "green" : "yellow", change.kind.padEnd(7));
  const where = many ? `${safe(change.workspace)}  ` : "";
  if (change.kind === "deleted") return `${time}  ${kind}  ${where}${change.incident.name}\n`;
  const p = change.incident.properties;
  const sev = paint(style, severityColor(p.severity), String(p.severity).padEnd(13));
  // What changed goes before the title, which is the part cut to fit.
  const changed = (change.changedFields ?? []).filter((f) => f !== "lastModifiedTimeUtc");
  const fields = changed.length > 0 ? `[${changed.join(", ")}] ` : "";
  const head = `${time}  ${kind}  ${where}#${p.incidentNumber ?? "?"}  ${sev} ${String(p.status).padEnd(6)}  `;
  const rest = truncate(safe(`${fields}${p.title}`), Math.max(10, width - head.length + (color ? 20 : 0)));
  return `${head}${rest}\n`;
}

export async function incidentWatch(flags: WatchFlags, io: Io): Promise<number> {
  const format = (flags.output ?? "jsonl").toLowerCase();
  if (format !== "jsonl" && format !== "table") throw new UsageError(`incident watch prints one line per change: --output must be jsonl (the default) or table, got '${flags.output}'`);
  const options = await watchOptions(flags);
  const ctx = new CliContext({ ...flags, output: format }, io);
  await ctx.out.checkQuery();
  const targets = await ctx.clients();
  const { watchIncidentsAcrossWorkspaces } = await import("../../client/watch/index.js");

  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    // A second Ctrl-C does not wait for the checkpoint.
    if (signalled) process.exit(sig === "SIGINT" ? 130 : 143);
    signalled = sig;
    controller.abort();
  };
  const onInt = () => onSignal("SIGINT");
  const onTerm = () => onSignal("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);

  let pollFailures = 0;
  const { execRetries, ...watch } = options;
  const feed = watchIncidentsAcrossWorkspaces(
    targets.map((t) => ({ client: t.client, label: t.label })),
    {
      ...watch,
      abortSignal: controller.signal,
      onError: (error, where) => {
        pollFailures++;
        io.stderr.write(`sentinel: ${where.stage} of workspace ${where.workspace} failed, will retry at the next poll: ${describeFailure(error).message}\n`);
      },
    },
  );
  const jmespath = ctx.flags.query === undefined ? undefined : (await import("jmespath")).default;
  const many = targets.length > 1;
  try {
    for await (const change of feed) {
      if (flags.exec !== undefined) {
        let attempt = 0;
        for (;;) {
          const result = await runExec(flags.exec, change, io);
          if (result.ok) break;
          if (attempt >= execRetries || signalled) {
            io.stderr.write(`sentinel: --exec failed for ${change.eventId} (${result.why}) after ${attempt + 1} attempt(s); stopping without passing it (the checkpoint still points before it).\n`);
            await feed.return?.();
            return signalled ? (signalled === "SIGINT" ? 130 : 143) : 1;
          }
          const wait = Math.min(EXEC_BACKOFF_MS * 2 ** attempt, EXEC_BACKOFF_MAX_MS);
          io.stderr.write(`sentinel: --exec failed for ${change.eventId} (${result.why}); retrying in ${wait} ms\n`);
          await new Promise((r) => setTimeout(r, wait));
          attempt++;
        }
        continue;
      }
      let line: string;
      if (format === "table") line = humanLine(change, ctx.out.width, ctx.out.style.color, many);
      else line = `${JSON.stringify(jmespath ? jmespath.search(JSON.parse(JSON.stringify(change)), ctx.flags.query!) : change)}\n`;
      // A slow reader slows the feed instead of growing a buffer.
      if (!io.stdout.write(line)) await new Promise((r) => io.stdout.once("drain", r));
    }
  } finally {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
  }
  if (signalled) return signalled === "SIGINT" ? 130 : 143;
  // A one-shot run whose poll failed did not do its job: a cron job must hear of it.
  return options.once && pollFailures > 0 ? 1 : 0;
}
