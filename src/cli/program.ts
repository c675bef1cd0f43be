// The command tree. Each action imports its command module only when it runs,
// so `sentinel --version` and `--help` load commander and nothing else.
import { Command, Option } from "commander";
import { packageVersion } from "../version.js";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function buildProgram(): Command {
  const program = new Command("sentinel")
    .description("Work with Microsoft Sentinel incidents, against Azure or the local emulator.")
    .version(packageVersion(), "-V, --version", "print the version")
    .showHelpAfterError("(run with --help for usage)");

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
    .action(async (flags) => {
      const { emulatorStart } = await import("./commands/emulatorStart.js");
      await emulatorStart(flags);
    });
  return program;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; name?: string; message?: string };
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return 0;
    if (typeof err.code === "string" && err.code.startsWith("commander.")) return 2;
    if (err.name === "UsageError" || err.name === "EmulatorConfigError") {
      process.stderr.write(`sentinel: ${err.message}\n`);
      return 2;
    }
    throw e;
  }
}
