// What every command gets: the client(s) for the chosen workspace(s), built from
// flags > environment > msticpyconfig.yaml, and the output channel that knows the
// format, colour, width and whether progress may be shown.
import type { SentinelClient } from "../client/sentinelClient.js";
import type { SettingsInput } from "../client/config.js";
import { parseWorkspaceResourceId } from "../api/resourceId.js";
import { UsageError } from "./errors.js";
import { jsonRows, parseColumns, parseOutputFormat, resultRows, toDelimited, toJson, toJsonl, toYaml, type OutputFormat } from "./output/format.js";
import { silentProgress, terminalProgress, type Progress } from "./output/progress.js";
import { safeLines, supportsHyperlinks, type Style } from "./output/style.js";
import type { TimeZoneChoice } from "./output/time.js";

export interface GlobalFlags {
  workspace?: string[];
  subscription?: string;
  resourceGroup?: string;
  workspaceName?: string;
  resourceId?: string[];
  endpoint?: string;
  cloud?: string;
  auth?: string[];
  output?: string;
  query?: string;
  columns?: string;
  color?: boolean;
  verbose?: boolean;
  config?: string;
  /** false with --no-token-cache. */
  tokenCache?: boolean;
  /** Times in local time instead of UTC. */
  local?: boolean;
  /** CSV/TSV cells as they are, without the spreadsheet-formula guard. */
  raw?: boolean;
  /** false with --no-pager. */
  pager?: boolean;
}

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

/** What a command returns: data for machines, and optionally how people should see it. */
export interface CommandResult {
  data: unknown;
  human?: (out: Output) => string;
  /** Printed after the data for people (table mode), e.g. "Comment posted." */
  message?: string;
  /** A non-zero exit after printing, e.g. 1 when some items of a bulk run failed. */
  exitCode?: number;
  /** A long card: through a pager on a terminal when taller than it. */
  paged?: boolean;
}

export interface WorkspaceClient {
  /** The config entry name or workspace name, for the workspace column. */
  label: string;
  client: SentinelClient;
}

export class Output {
  readonly format: OutputFormat;
  readonly style: Style;
  readonly width: number;
  columns?: string[];
  readonly query?: string;
  /** Set once the service has accepted a change this command made (a write answered 2xx). */
  changedSomething = false;
  readonly zone: TimeZoneChoice;
  readonly raw: boolean;

  constructor(
    private readonly flags: GlobalFlags,
    readonly io: Io,
  ) {
    this.format = parseOutputFormat(flags.output, Boolean(io.stdout.isTTY));
    const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "";
    this.zone = { local: flags.local === true };
    this.raw = flags.raw === true;
    this.style = { color: flags.color !== false && !noColor && Boolean(io.stdout.isTTY) && this.format === "table", local: this.zone.local, hyperlinks: Boolean(io.stdout.isTTY) && this.format === "table" && supportsHyperlinks(io.env) };
    this.width = io.stdout.columns ?? (Number(io.env.COLUMNS) || 100);
    this.columns = parseColumns(flags.columns);
    this.query = flags.query;
  }

  get human(): boolean {
    return this.format === "table";
  }

  /** A progress display on stderr, only on a terminal and only for people. */
  progress(label: string): Progress {
    return this.human && this.io.stderr.isTTY ? terminalProgress(label, this.io.stderr) : silentProgress;
  }

  /** Notes for people on stderr; silent in machine-readable modes. */
  note(text: string): void {
    if (this.human) this.io.stderr.write(`${text}\n`);
  }

  /** Checks --query before the command runs: a typo must not surface only after a write has been made. */
  async checkQuery(): Promise<void> {
    if (this.query === undefined) return;
    // compile() is in jmespath's runtime API though not in its type declarations.
    const jmespath = (await import("jmespath")).default as unknown as { compile(expression: string): unknown };
    try {
      jmespath.compile(this.query);
    } catch (e) {
      throw new UsageError(`--query '${this.query}' is not valid JMESPath: ${(e as Error).message}`);
    }
  }

  async emit(result: CommandResult): Promise<void> {
    let data = result.data;
    if (this.query !== undefined) {
      const jmespath = (await import("jmespath")).default;
      try {
        data = jmespath.search(JSON.parse(JSON.stringify(data ?? null)), this.query);
      } catch (e) {
        throw new UsageError(`--query '${this.query}' failed on the result: ${(e as Error).message}`);
      }
    }
    const out = this.io.stdout;
    if (this.columns && this.changedSomething) {
      // The change is made: a typo in --columns must not turn it into an error that
      // invites a retry. The known columns are printed and the unknown ones named.
      try {
        resultRows(data, this.columns);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        const known = resultRows(data).cols;
        this.io.stderr.write(`sentinel: the change was made; ${e.message}\n`);
        const kept = this.columns.filter((c) => known.includes(c));
        this.columns = kept.length > 0 ? kept : undefined;
      }
    }
    if (this.columns && (this.format === "json" || this.format === "jsonl" || this.format === "yaml")) data = jsonRows(data, this.columns);
    switch (this.format) {
      case "none":
        // Nothing at all: the exit code says how it went.
        return;
      case "json":
        out.write(toJson(data));
        return;
      case "jsonl":
        out.write(toJsonl(data));
        return;
      case "yaml":
        out.write(await toYaml(data));
        return;
      case "csv":
      case "tsv":
        out.write(toDelimited(data, this.format === "csv" ? "," : "\t", { columns: this.columns, raw: this.raw }));
        return;
      case "table": {
        if (this.columns) resultRows(data, this.columns);
        if (this.query === undefined && this.columns === undefined && result.human) {
          const text = result.human(this);
          if (!(result.paged && (await this.page(text)))) out.write(text);
        } else out.write(await this.genericTable(data));
        if (result.message) out.write(`${safeLines(result.message)}\n`);
      }
    }
  }

  /** Shows text through $PAGER (less -R by default) when it is taller than the terminal; false when it did not. */
  private async page(text: string): Promise<boolean> {
    const out = this.io.stdout;
    if (this.flags.pager === false || !out.isTTY || !this.io.stdin.isTTY) return false;
    if (text.split("\n").length <= (out.rows ?? 24) - 1) return false;
    const command = this.io.env.PAGER?.trim() || "less -R";
    if (command === "cat") return false;
    const { spawn } = await import("node:child_process");
    return new Promise((resolve) => {
      const child = spawn(command, { shell: true, stdio: ["pipe", "inherit", "inherit"], env: { LESS: "FRX", ...this.io.env } });
      child.on("error", () => resolve(false));
      child.on("close", () => resolve(true));
      child.stdin.on("error", () => undefined);
      child.stdin.end(text);
    });
  }

  private async genericTable(data: unknown): Promise<string> {
    if (data === null || data === undefined) return "";
    if (typeof data !== "object") return `${String(data)}\n`;
    const items = Array.isArray(data) ? data : [data];
    if (items.every((i) => i !== null && typeof i === "object" && !Array.isArray(i))) {
      const { toRows } = await import("../client/rows.js");
      const { renderRows } = await import("./output/table.js");
      return renderRows(toRows(items), this.width, this.style, this.columns);
    }
    return items.map((i) => (typeof i === "object" ? JSON.stringify(i) : String(i))).join("\n") + "\n";
  }
}

export class CliContext {
  readonly out: Output;
  private cached?: Promise<WorkspaceClient[]>;

  constructor(
    readonly flags: GlobalFlags,
    readonly io: Io,
  ) {
    this.out = new Output(flags, io);
  }

  /** The one workspace a command works on. */
  async client(): Promise<SentinelClient> {
    const all = await this.clients();
    if (all.length > 1) throw new UsageError("this command works on one workspace; give a single --workspace or --resource-id");
    return all[0]!.client;
  }

  /** Every workspace named by --workspace / --resource-id (or the default one). */
  clients(): Promise<WorkspaceClient[]> {
    return (this.cached ??= this.buildClients());
  }

  private async buildClients(): Promise<WorkspaceClient[]> {
    // One path for settings, credentials and cloud: the library's, as any program using it gets.
    const { SentinelClient } = await import("../client/sentinelClient.js");
    const f = this.flags;
    const cacheFile = tokenCacheWanted(f, this.io.env) ? (await import("../client/tokenCache.js")).tokenCacheFile(this.io.env) : undefined;
    const targets: ({ entry?: string; resourceId?: undefined } | { resourceId: string; entry?: undefined })[] = [
      ...(f.resourceId ?? []).map((resourceId) => ({ resourceId })),
      ...(f.workspace ?? []).map((entry) => ({ entry })),
    ];
    if (targets.length === 0) targets.push({});
    const out: WorkspaceClient[] = [];
    for (const target of targets) {
      if (target.resourceId !== undefined && !parseWorkspaceResourceId(target.resourceId)) {
        throw new UsageError(`--resource-id '${target.resourceId}' is not a workspace resource id (/subscriptions/…/resourceGroups/…/providers/Microsoft.OperationalInsights/workspaces/…)`);
      }
      const client = await SentinelClient.fromConfig({
        ...settingsInput(f, this.io.env, target.entry),
        resourceId: target.resourceId,
        auth: f.auth && f.auth.length > 0 ? f.auth : undefined,
        userAgentPrefix: "sentinel-cli",
        tokenCache: cacheFile !== undefined && { file: cacheFile },
      });
      client.onRequest((o) => {
        // PUT and DELETE are the API's only writes (its POSTs list an incident's alerts, entities and bookmarks).
        if ((o.method === "PUT" || o.method === "DELETE") && o.status >= 200 && o.status < 300) this.out.changedSomething = true;
      });
      if (f.verbose) {
        client.onRequest((o) => {
          const status = o.status === 0 ? `failed (${o.errorCode ?? "error"})` : String(o.status);
          this.io.stderr.write(`${o.method} ${o.url} ${status} ${Math.round(o.durationMs)}ms${o.requestId ? ` request-id=${o.requestId}` : ""}\n`);
        });
      }
      out.push({ label: target.entry ?? client.workspace.workspaceName, client });
    }
    return out;
  }
}

/** Tokens are cached unless --no-token-cache or SENTINEL_NO_TOKEN_CACHE (1, true, yes) says not to. */
export function tokenCacheWanted(f: GlobalFlags, env: NodeJS.ProcessEnv): boolean {
  if (f.tokenCache === false) return false;
  const off = (env.SENTINEL_NO_TOKEN_CACHE ?? "").trim().toLowerCase();
  return !["1", "true", "yes"].includes(off);
}

/** What the flags say about where settings come from, for resolveSettings. */
export function settingsInput(f: GlobalFlags, env: NodeJS.ProcessEnv, workspace: string | undefined): SettingsInput {
  return {
    workspace,
    subscriptionId: f.subscription,
    resourceGroup: f.resourceGroup,
    workspaceName: f.workspaceName,
    endpoint: f.endpoint,
    cloud: f.cloud,
    configPath: f.config,
    env,
  };
}

export function defaultIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
