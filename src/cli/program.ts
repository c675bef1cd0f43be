// The command tree. Each action imports its command module only when it runs,
// so `sentinel --version` and `--help` load commander and nothing else.
import { Command, Option } from "commander";
import { packageVersion } from "../version.js";
import type { CliContext, CommandResult } from "./context.js";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

type Runner = (ctx: CliContext, ...args: never[]) => Promise<CommandResult>;

/** Wraps a command: builds the context from the global flags, runs, and renders what it returns. */
function act(load: () => Promise<Runner>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const positional = args.slice(0, -2);
    const flags = command.opts();
    const { CliContext, defaultIo } = await import("./context.js");
    const ctx = new CliContext(mergedFlags(command), defaultIo());
    await ctx.out.checkQuery();
    const run = await load();
    const result = await (run as (...a: unknown[]) => Promise<CommandResult>)(ctx, ...positional, flags);
    await ctx.out.emit(result);
    if (result.exitCode) exitAfterOutput = result.exitCode;
  };
}

/** Set by a command that printed its result but must still exit non-zero. */
let exitAfterOutput = 0;

function selectionOptions(cmd: Command, bulk = false): Command {
  // bulk-close's --classification is what it sets; there it cannot also select.
  if (!cmd.options.some((o) => o.long === "--classification")) {
    cmd.option("--classification <list>", "TruePositive, BenignPositive, FalsePositive, Undetermined (comma-separated)");
  }
  return cmd
    .option("--top <n>", bulk ? "at most this many incidents (default: every one that matches)" : "how many incidents (default 50)")
    .option("--all", "every incident that matches, following all pages")
    .option("--filter <odata>", "an OData $filter in the Sentinel API's format, combined with the flags below")
    .option("--orderby <expr>", "an OData $orderby, e.g. 'properties/createdTimeUtc desc'")
    .option("--severity <list>", "High, Medium, Low, Informational (comma-separated)")
    .option("--status <list>", "New, Active, Closed (comma-separated)")
    .option("--since <when>", "created within a duration (24h, 7d, 30m, 2w) or since a time (no zone: the tables' zone, UTC or --local)")
    .option("--until <when>", "created before a duration ago or a time, read as --since is")
    .option("--title-contains <text>", "title contains this text (case-insensitive)")
    .option("--label <label>", "carries this label (any case)")
    .option("--owner <who>", "assigned to this UPN, email, display or group name as the table shows it (any case), or 'me'")
    .option("--unassigned", "assigned to no one")
    .addHelpText(
      "after",
      "\nSeverity, status, classification, times, --title-contains and --filter go to the service as an OData $filter;\n" +
        "--owner, --unassigned and --label (which the API's $filter cannot match in any case or by display name)\n" +
        "are then checked here, reading on page by page until --top incidents match.",
    );
}

/**
 * The options every incident, bookmark and workspace command takes. They are
 * declared on the root (to go before the command) and on each of those commands
 * (to go after it); `emulator start` has a --workspace of its own, so it gets none.
 */
function globalOptions(cmd: Command, hidden: boolean): Command {
  const options = [
    new Option("--workspace <name>", "workspace entry of msticpyconfig.yaml (repeatable for list)").argParser(collect),
    new Option("--subscription <id>", "subscription id (overrides config and SENTINEL_SUBSCRIPTION_ID)"),
    new Option("--resource-group <name>", "resource group (overrides config and SENTINEL_RESOURCE_GROUP)"),
    new Option("--workspace-name <name>", "Log Analytics workspace name (overrides config and SENTINEL_WORKSPACE_NAME)"),
    new Option("--resource-id <id>", "workspace resource id, instead of the three above (repeatable)").argParser(collect),
    new Option("--endpoint <url>", "Resource Manager endpoint, e.g. the emulator's http://127.0.0.1:4242 (SENTINEL_ENDPOINT)"),
    new Option("--cloud <cloud>", "Azure cloud").choices(["public", "usgov", "china"]),
    new Option("--auth <method>", "sign-in method: default, cli, msi, env, devicecode, interactive (repeatable, tried in order)").argParser(collect),
    new Option("--config <file>", "msticpyconfig.yaml to read (default: MSTICPYCONFIG, then ./msticpyconfig.yaml)"),
    new Option("-o, --output <format>", "table, json, jsonl, yaml, csv, tsv (az's: no header) or none (exit code only); default: table on a terminal, json when piped"),
    new Option("--query <jmespath>", "JMESPath expression applied to the JSON result"),
    new Option("--columns <list>", "columns for table, csv, tsv and json rows, e.g. name,properties.title"),
    new Option("--no-pager", "print long cards straight out instead of through $PAGER (less -R)"),
    new Option("--local", "show times in local time instead of UTC (times typed without a zone are read the same way)"),
    new Option("--raw", "csv/tsv cells as they are, without guarding cells that start with = + - @ against spreadsheet formulas"),
    new Option("--no-color", "no colours (also NO_COLOR)"),
    new Option("--no-token-cache", "sign in afresh and keep no token (also SENTINEL_NO_TOKEN_CACHE=1); see 'sentinel auth clear'"),
    new Option("--verbose", "print each HTTP request with its status and time on stderr (never tokens)"),
  ];
  for (const o of options) cmd.addOption(hidden ? o.hideHelp() : o);
  if (hidden) cmd.addHelpText("after", "\nGlobal options (--workspace, --endpoint, --output, --query, --verbose, ...): see 'sentinel --help'.");
  return cmd;
}

/** Flags of a command and of the commands above it: lists add up, a closer scalar wins. */
function mergedFlags(command: Command): Record<string, unknown> {
  const chain: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.unshift(c);
  const merged: Record<string, unknown> = {};
  for (const c of chain) {
    for (const [key, value] of Object.entries(c.opts())) {
      if (value === undefined) continue;
      if (Array.isArray(value) && Array.isArray(merged[key])) merged[key] = [...(merged[key] as unknown[]), ...value];
      // A --no-… given before the command is not undone by the command's own default.
      else if ((key === "color" || key === "tokenCache") && value === true && merged[key] === false) continue;
      else merged[key] = value;
    }
  }
  return merged;
}

export function buildProgram(): Command {
  const program = globalOptions(
    new Command("sentinel")
      .description("Work with Microsoft Sentinel incidents, against Azure or the local emulator.")
      .version(packageVersion(), "-V, --version", "print the version")
      .showHelpAfterError("(run with --help for usage)")
      .enablePositionalOptions(),
    false,
  );

  const incident = program.command("incident").description("list, show, triage and create incidents");
  selectionOptions(incident.command("list").alias("ls").description("list incidents, newest first (50 by default)")).action(
    act(async () => (await import("./commands/incidentList.js")).incidentList as Runner),
  );
  // issue 14: SOC metrics of the selected incidents.
  incident
    .command("stats")
    .description("SOC metrics: counts, created per day, open backlog by age, time to close, classification mix")
    .option("--since <when>", "created within a duration (24h, 7d, 30m, 2w) or since an ISO time", "30d")
    .option("--until <when>", "created before this time (a duration ago or an ISO time); default now")
    .option("--by <keys>", "count by these keys: severity, status, owner, classification, tactic, product, label, day, week (default severity,status,owner,tactic,product)")
    .option("--severity <list>", "High, Medium, Low, Informational (comma-separated)")
    .option("--status <list>", "New, Active, Closed (comma-separated)")
    .option("--title-contains <text>", "title contains this text (case-insensitive)")
    .option("--label <label>", "carries this label")
    .option("--owner <upn>", "assigned to this user principal name")
    .option("--filter <odata>", "an OData $filter in the Sentinel API's format, combined with the flags above")
    .option("--ascii", "plain ASCII charts instead of Unicode blocks")
    .action(act(async () => (await import("./commands/incidentStats.js")).incidentStatsCommand as Runner));
  incident
    .command("show <incident>")
    .alias("view")
    .description("show one incident (GUID, #number, resource id or title)")
    .option("--entities", "with its entities")
    .option("--alerts", "with its alerts")
    .option("--comments", "with its comments")
    .option("--bookmarks", "with its bookmarks")
    .option("--details", "with all four")
    .action(act(async () => (await import("./commands/incidentShow.js")).incidentShow as Runner));
  incident
    .command("update <incident>")
    .description("change fields of an incident; every field not named is kept")
    .option("--title <text>")
    .option("--description <text>")
    .option("--severity <severity>", "High, Medium, Low or Informational")
    .option("--status <status>", "New, Active or Closed")
    .option("--classification <c>", "TruePositive, BenignPositive, FalsePositive or Undetermined")
    .option("--reason <reason>", "SuspiciousActivity, SuspiciousButExpected, IncorrectAlertLogic or InaccurateData")
    .option("--classification-comment <text>")
    .option("--assign <user>", "assign to a UPN, email, objectId or 'me'; 'none' to unassign")
    .addOption(new Option("--owner <owner>", "deprecated: use --assign").hideHelp())
    .option("--add-label <label>", "add a label (repeatable)", collect)
    .option("--remove-label <label>", "remove a label (repeatable)", collect)
    .option("--set <key=value>", "any updatable field, e.g. --set firstActivityTimeUtc=2024-05-01T10:00:00Z (repeatable)", collect)
    .action(act(async () => (await import("./commands/incidentUpdate.js")).incidentUpdate as Runner));
  incident
    .command("close <incident>")
    .description("close an incident with a classification")
    .requiredOption("--classification <c>", "TruePositive, BenignPositive, FalsePositive or Undetermined")
    .option("--reason <reason>", "IncorrectAlertLogic or InaccurateData with FalsePositive; inferred for TruePositive (SuspiciousActivity) and BenignPositive (SuspiciousButExpected)")
    .option("--comment <text>", "the closing comment")
    .action(act(async () => (await import("./commands/triage.js")).incidentClose as Runner));
  // Triage verbs (issue 11): each a small block, its code in commands/triage.ts.
  incident
    .command("assign <incident> <user>")
    .description("assign an incident to a UPN, email, objectId, or 'me' (the signed-in identity)")
    .action(act(async () => (await import("./commands/triage.js")).incidentAssign as Runner));
  incident
    .command("unassign <incident>")
    .description("remove an incident's owner")
    .action(act(async () => (await import("./commands/triage.js")).incidentUnassign as Runner));
  incident
    .command("reopen <incident>")
    .description("set an incident Active again; its classification, reason and closing comment are cleared")
    .action(act(async () => (await import("./commands/triage.js")).incidentReopen as Runner));
  const label = incident.command("label").description("add or remove labels of an incident");
  label
    .command("add <incident> <label...>")
    .description("add labels (those already there are kept once)")
    .action(act(async () => (await import("./commands/triage.js")).labelAdd as Runner));
  label
    .command("remove <incident> <label...>")
    .description("remove labels")
    .action(act(async () => (await import("./commands/triage.js")).labelRemove as Runner));
  const task = incident.command("task").description("the tasks of an incident");
  task
    .command("add <incident> <title>")
    .description("add a task (status New)")
    .option("--description <text>", "what to do")
    .option("--id <guid>", "the task's GUID (makes re-running idempotent)")
    .action(act(async () => (await import("./commands/triage.js")).taskAdd as Runner));
  task
    .command("list <incident>")
    .alias("ls")
    .description("list the tasks of an incident")
    .action(act(async () => (await import("./commands/triage.js")).taskList as Runner));
  task
    .command("complete <incident> <task>")
    .description("mark a task Completed (task: its id, or its whole title)")
    .action(act(async () => (await import("./commands/triage.js")).taskComplete as Runner));
  task
    .command("reopen <incident> <task>")
    .description("mark a task New again")
    .action(act(async () => (await import("./commands/triage.js")).taskReopen as Runner));
  task
    .command("delete <incident> <task>")
    .description("delete a task")
    .action(act(async () => (await import("./commands/triage.js")).taskDelete as Runner));
  incident
    .command("comment <incident> [text]")
    .description("post a comment (text, --file F, or - for stdin)")
    .option("--file <file>", "read the comment from a file ('-' for stdin)")
    .action(act(async () => (await import("./commands/incidentComment.js")).incidentComment as Runner));
  incident
    .command("link-bookmark <incident> <bookmark>")
    .description("link a bookmark (GUID, resource id or display name) to an incident")
    .action(act(async () => (await import("./commands/incidentMisc.js")).incidentLinkBookmark as Runner));
  incident
    .command("create")
    .description("create an incident")
    .requiredOption("--title <text>")
    .requiredOption("--severity <severity>", "High, Medium, Low or Informational")
    .option("--status <status>", "New (default), Active or Closed")
    .option("--description <text>")
    .option("--first-activity <time>", "ISO date-time of the first activity")
    .option("--last-activity <time>", "ISO date-time of the last activity")
    .option("--label <label>", "a label (repeatable)", collect)
    .option("--bookmark <bookmark>", "a bookmark to link (repeatable)", collect)
    .option("--assign <user>", "owner: UPN, email, objectId or 'me'")
    .addOption(new Option("--owner <owner>", "deprecated: use --assign").hideHelp())
    .option("--classification <c>", "with --status Closed: TruePositive, BenignPositive, FalsePositive or Undetermined")
    .option("--reason <reason>", "the classification reason (inferred when only one fits)")
    .option("--classification-comment <text>", "the closing comment")
    .option("--id <guid>", "the new incident's GUID (makes re-running idempotent)")
    .action(act(async () => (await import("./commands/incidentMisc.js")).incidentCreate as Runner));
  incident
    .command("delete <incident>")
    .description("delete an incident (asks first on a terminal)")
    .option("--yes", "do not ask")
    .action(act(async () => (await import("./commands/incidentMisc.js")).incidentDelete as Runner));
  const bulkOptions = (cmd: Command) =>
    selectionOptions(cmd, true)
      .option("--dry-run", "print what would change and how many; write nothing")
      .option("--yes", "go ahead without asking (needed above 10 incidents when not on a terminal)")
      .option("--concurrency <n>", "most requests at once (the run adapts below it); default 16")
      .option("--journal <file>", "record progress in FILE; running again with it resumes without redoing anything");
  // In bulk-update the list flags (--severity, --status, --owner, ...) select; what to
  // change is said with --set, --assign and the label flags, so the two never mix.
  bulkOptions(
    incident
      .command("bulk-update")
      .description("apply one update to every selected incident (select with the list flags, change with --set/--assign/--add-label)")
      .option("--set <key=value>", "a field to set, e.g. --set severity=High --set status=Active (repeatable)", collect)
      .option("--assign <owner>", "assign to a UPN, email or objectId; 'none' to unassign")
      .option("--add-label <label>", "add a label (repeatable)", collect)
      .option("--remove-label <label>", "remove a label (repeatable)", collect),
  ).action(act(async () => (await import("./commands/bulk.js")).bulkUpdate as Runner));
  bulkOptions(
    incident
      .command("bulk-close")
      .description("close every selected incident with one classification")
      .requiredOption("--classification <c>", "TruePositive, BenignPositive, FalsePositive or Undetermined")
      .option("--reason <reason>", "the reason that fits the classification")
      .option("--comment <text>", "the closing comment"),
  ).action(act(async () => (await import("./commands/bulk.js")).bulkClose as Runner));
  bulkOptions(
    incident
      .command("bulk-comment [text]")
      .description("post one comment on every selected incident (never twice on one)")
      .option("--file <file>", "read the comment from a file ('-' for stdin)"),
  ).action(act(async () => (await import("./commands/bulk.js")).bulkComment as Runner));
  // `incident watch` streams its own output (one line per change), so it is not wrapped by act().
  incident
    .command("watch")
    .description("print every new, changed (with --reconcile, deleted) incident once, as it happens: one JSON line each (-o table: a line for people)")
    .option("--filter <odata>", "an OData $filter, combined with the flags below and the watch's own cursor")
    .option("--severity <list>", "High, Medium, Low, Informational (comma-separated)")
    .option("--status <list>", "New, Active, Closed (comma-separated)")
    .option("--title-contains <text>", "title contains this text (case-insensitive)")
    .option("--label <label>", "carries this label")
    .option("--owner <upn>", "assigned to this user principal name")
    .option("--since <when>", "where a run with no checkpoint starts: a duration back (24h, 30m) or an ISO time (default: the look-back before now)")
    .option("--checkpoint <file>", "resume from FILE and keep it up to date (written atomically)")
    .option("--interval <duration>", "time between polls (default 30s)")
    .option("--lookback <duration>", "how far behind its cursor each poll re-reads, for writes that became visible late (default 2m)")
    .option("--include <list>", "fetch alerts, entities, comments, bookmarks with each change (comma-separated)")
    .option("--reconcile <duration>", "every so often, a full scan reports deleted incidents (off by default)")
    .option("--once", "one poll, then exit (for cron jobs)")
    .option("--exec <cmd>", "run CMD once per change with the change's JSON on stdin; exit 0 acknowledges it")
    .option("--exec-retries <n>", "retries of a failing --exec, with back-off, before the watch stops (default 5)")
    .action(async (...args: unknown[]) => {
      const { incidentWatch } = await import("./commands/incidentWatch.js");
      const { defaultIo } = await import("./context.js");
      exitAfterOutput = await incidentWatch(mergedFlags(args[args.length - 1] as Command), defaultIo());
    });
  for (const kind of ["comments", "relations", "tasks"] as const) {
    incident
      .command(`${kind} <incident>`)
      .description(`list the ${kind} of an incident`)
      .action(
        act(async () => {
          const { incidentChildren } = await import("./commands/incidentMisc.js");
          return ((ctx: CliContext, i: string) => incidentChildren(ctx, kind, i)) as Runner;
        }),
      );
  }

  const bookmark = program.command("bookmark").description("hunting bookmarks");
  bookmark
    .command("list")
    .description("list the bookmarks of the workspace")
    .option("--top <n>", "at most this many")
    .action(act(async () => (await import("./commands/bookmarks.js")).bookmarkList as Runner));
  bookmark
    .command("show <bookmark>")
    .description("show a bookmark (GUID, resource id or display name)")
    .action(act(async () => (await import("./commands/bookmarks.js")).bookmarkShow as Runner));

  const workspace = program.command("workspace").description("the workspaces of msticpyconfig.yaml");
  workspace
    .command("list")
    .description("list the workspace entries of msticpyconfig.yaml")
    .action(act(async () => (await import("./commands/workspaces.js")).workspaceList as Runner));
  workspace
    .command("show [name]")
    .description("show the settings a command would use (flags > environment > msticpyconfig.yaml)")
    .action(act(async () => (await import("./commands/workspaces.js")).workspaceShow as Runner));

  const auth = program.command("auth").description("the access tokens the command line keeps between commands");
  auth
    .command("clear")
    .description("remove every cached access token (the next command signs in again)")
    .action(act(async () => (await import("./commands/authClear.js")).authClear as Runner));

  const emulator = program.command("emulator").description("the local Sentinel emulator");
  emulator
    .command("start")
    .description("start the local Sentinel incidents API in the foreground")
    .option("--host <host>", "interface to bind (a non-loopback host needs --token)", "127.0.0.1")
    .option("--port <port>", "port to listen on; 0 picks a free one", "4242")
    .option("--db <file>", "SQLite file to keep data in (default: in memory)")
    .option("--seed-incidents <n>", "seed N realistic incidents into an empty workspace")
    .option("--seed <seed>", "seed for generated data and fault injection", "sentinel")
    .option("--workspace <sub/rg/name>", "serve another workspace (repeatable)", collect)
    .option("--https", "serve TLS with a self-signed certificate for localhost")
    .option("--cert <file>", "PEM certificate for --https")
    .option("--key <file>", "PEM private key for --https")
    .addOption(new Option("--token <secret>", "accept only this bearer token").env("SENTINEL_EMULATOR_TOKEN"))
    .option("--latency-ms <n>", "delay every response by N ms")
    .option("--fault-rate <r>", "answer this share of requests with 429/500/503/dropped connections")
    .option("--throttle <spec>", "ARM-style rate limits per subscription, e.g. reads=200/s,writes=100/s")
    .option("--visibility-lag-ms <n>", "make each write visible to lists only after a random 0-N ms, as real services do (default 0)")
    .action(async (flags) => {
      const { emulatorStart } = await import("./commands/emulatorStart.js");
      await emulatorStart(flags);
    });

  const leaves = (c: Command): Command[] => (c.commands.length === 0 ? [c] : c.commands.flatMap(leaves));
  for (const group of [incident, bookmark, workspace, auth]) for (const leaf of leaves(group)) globalOptions(leaf, true);
  // issue 14: the local web console.
  const ui = program
    .command("ui")
    .description("serve the local web console (queue, incident, overview) and print its one-time link")
    .option("--port <port>", "port to listen on; 0 picks a free one", "0")
    .option("--host <host>", "interface to bind (a non-loopback host needs --token)", "127.0.0.1")
    .option("--open", "open the link in the default browser")
    .addOption(new Option("--token <secret>", "a reusable login secret of your own (needed for a non-loopback --host)").env("SENTINEL_UI_TOKEN"))
    .addOption(new Option("--me <upn>", "who 'Assign to me' assigns to").env("SENTINEL_ME"));
  globalOptions(ui, true).action(async (_flags: unknown, command: Command) => {
    const { CliContext, defaultIo } = await import("./context.js");
    const { ui: serve } = await import("./commands/ui.js");
    await serve(new CliContext(mergedFlags(command), defaultIo()), command.opts());
  });

  globalOptions(
    program
      .command("mcp")
      .description("serve Sentinel incidents to AI assistants over the Model Context Protocol (read-only unless --allow-writes)")
      .option("--transport <kind>", "stdio (default: the assistant starts this command) or http (Streamable HTTP at /mcp)")
      .option("--host <host>", "interface for --transport http (default 127.0.0.1; any other needs --token)")
      .option("--port <port>", "port for --transport http (default 0: a free one, printed on stderr)")
      .addOption(new Option("--token <secret>", "bearer token http clients must send (default: generated and printed once on stderr)").env("SENTINEL_MCP_TOKEN"))
      .option("--allow-writes", "also offer the write tools: update, assign, close, reopen, comment, link bookmark, create, tasks"),
    true,
  ).action(async (flags: Record<string, unknown>, command: Command) => {
    const { CliContext, defaultIo } = await import("./context.js");
    const { mcpCommand } = await import("../mcp/command.js");
    await mcpCommand(new CliContext(mergedFlags(command), defaultIo()), { ...flags, tokenSource: command.getOptionValueSource("token") });
  });

  program
    .command("completion <shell>")
    .description("print a shell completion script: bash, zsh, fish or powershell (e.g. source <(sentinel completion bash))")
    .action(async (shell: string) => {
      const { completionScript } = await import("./completion.js");
      process.stdout.write(completionScript(buildProgram(), shell));
    });
  program
    .command("demo")
    .description("walk through the Sentinel incident features against an embedded emulator")
    .option("--incidents <n>", "how many incidents to seed", "500")
    .action(async (flags: { incidents: string }) => {
      const { demo } = await import("./commands/demo.js");
      await demo({ incidents: Number(flags.incidents) });
    });
  return program;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  const override = (c: Command): void => {
    c.exitOverride();
    c.commands.forEach(override);
  };
  program.commands.forEach(override);
  try {
    exitAfterOutput = 0;
    await program.parseAsync(argv);
    return exitAfterOutput;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return 0;
    // Commander has printed its own message already.
    if (typeof err.code === "string" && err.code.startsWith("commander.")) return err.exitCode === 0 ? 0 : 2;
    const { describeFailure } = await import("./failure.js");
    const failure = describeFailure(e);
    // Messages carry incident titles (candidate lists): attacker-written text, neutralised.
    const { safeLines, wrapLines } = await import("./output/style.js");
    const message = `sentinel: ${safeLines(failure.message)}`;
    // On a terminal the message is wrapped to its width; piped, each line stays whole for grep.
    process.stderr.write(`${process.stderr.isTTY ? wrapLines(message, process.stderr.columns ?? 80) : message}\n`);
    return failure.code;
  }
}
