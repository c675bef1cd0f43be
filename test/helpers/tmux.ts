// A real terminal for command-line tests: detached tmux sessions on a private
// socket, each running one command in a pane of a fixed size, read back with
// capture-pane. The server is killed when the test file ends.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { after } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);

export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

export class Tmux {
  private readonly socket = `sentinel-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  private socketPath?: string;

  /** `env` is the environment of the tmux server, and so of every pane. */
  constructor(private readonly env: Record<string, string>) {
    after(async () => {
      await this.tmux("kill-server").catch(() => undefined);
      // The server leaves its socket file behind.
      if (this.socketPath) rmSync(this.socketPath, { force: true });
    });
  }

  static async available(): Promise<boolean> {
    return run("tmux", ["-V"]).then(
      () => true,
      () => false,
    );
  }

  private async tmux(...args: string[]): Promise<string> {
    const { stdout } = await run("tmux", ["-L", this.socket, ...args], { env: this.env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  }

  /**
   * Starts `argv` in a new session of `width` x `height`. When it ends the pane
   * prints `[exit N]` and stays, so its screen can still be read.
   */
  async start(name: string, argv: string[], options: { width?: number; height?: number; cwd?: string; env?: Record<string, string> } = {}): Promise<void> {
    const command = `${argv.map(shellQuote).join(" ")}; echo "[exit $?]"; sleep 600`;
    const env = Object.entries(options.env ?? {}).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    const size = ["-x", String(options.width ?? 80), "-y", String(options.height ?? 40)];
    await this.tmux("new-session", "-d", "-s", name, ...size, ...(options.cwd ? ["-c", options.cwd] : []), ...env, command);
    this.socketPath ??= (await this.tmux("display-message", "-p", "-t", name, "#{socket_path}")).trim();
  }

  /** The visible screen (with `history`, all that scrolled off too), wrapped lines joined (-J) so a line wider than the pane shows as one; with `escapes`, colours kept. */
  capture(name: string, options: { escapes?: boolean; history?: boolean } = {}): Promise<string> {
    return this.tmux("capture-pane", "-p", "-J", ...(options.escapes ? ["-e"] : []), ...(options.history ? ["-S", "-"] : []), "-t", name);
  }

  sendKeys(name: string, ...keys: string[]): Promise<string> {
    return this.tmux("send-keys", "-t", name, ...keys);
  }

  /** Polls the screen until `pattern` shows, calling `onScreen` with every capture on the way. */
  async waitFor(name: string, pattern: RegExp, options: { timeoutMs?: number; intervalMs?: number; onScreen?: (screen: string) => void } = {}): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? 20_000);
    for (;;) {
      const screen = await this.capture(name);
      options.onScreen?.(screen);
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in tmux session ${name}; the screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
    }
  }
}
