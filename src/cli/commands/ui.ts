// `sentinel ui`: the local web console, over the same clients as every other
// command (Azure or the emulator). It prints one line with a one-time login link and
// serves until Ctrl+C; the browser never sees the Azure token.
import { spawn } from "node:child_process";
import type { CliContext } from "../context.js";
import { UsageError } from "../errors.js";

export interface UiFlags {
  port?: string;
  host?: string;
  open?: boolean;
  token?: string;
  me?: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/i;

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  const child = spawn(cmd, args as string[], { stdio: "ignore", detached: true });
  child.on("error", () => process.stderr.write("Could not open a browser; open the link above yourself.\n"));
  child.unref();
}

export async function ui(ctx: CliContext, flags: UiFlags): Promise<void> {
  const host = flags.host ?? "127.0.0.1";
  const portText = flags.port ?? "0";
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new UsageError(`--port must be a port number from 0 to 65535 (0 picks a free one), got '${portText}'`);
  if (!LOOPBACK.test(host) && !flags.token) throw new UsageError(`--host ${host} is not a loopback address: give --token <secret> (16 characters or more) so that only you can sign in`);
  if (flags.token !== undefined && flags.token.length < 16) throw new UsageError("--token must be at least 16 characters long");
  const workspaces = await ctx.clients();
  const { startConsole } = await import("../../console/server.js");
  // "Assign to me" is the signed-in user, read from the token's claims, unless --me says otherwise.
  const signedIn = flags.me === undefined ? await workspaces[0]!.client.signedInUser().catch(() => undefined) : undefined;
  const me = flags.me ?? signedIn?.userPrincipalName ?? signedIn?.objectId;
  const running = await startConsole({ workspaces, host, port: Number(portText), token: flags.token, me });
  const url = running.loginUrl();
  ctx.io.stdout.write(`Sentinel console at ${url}\n`);
  ctx.io.stderr.write(`Serving ${workspaces.map((w) => w.label).join(", ")}${flags.token ? "" : "; the link signs in once"}. Press Ctrl+C to stop.\n`);
  if (flags.open) openBrowser(url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await running.close();
}
