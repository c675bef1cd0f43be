// Debian's own interpreter, which sees Debian's python3-* packages (a python3
// earlier on PATH may be another one that cannot), and small helpers to run our
// Python scripts with it.
import { execFile, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const DEBIAN_PYTHON = "/usr/bin/python3";

export function hasPython(): boolean {
  return existsSync(DEBIAN_PYTHON);
}

/** Whether Debian's interpreter can import `module` (e.g. azure.mgmt.securityinsight). */
export function hasPythonModule(module: string): boolean {
  if (!hasPython()) return false;
  return spawnSync(DEBIAN_PYTHON, ["-c", `import ${module}`], { stdio: "ignore", timeout: 30_000 }).status === 0;
}

export interface PythonRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs Debian's interpreter with `args` (a script, or -c CODE), `input` on stdin; never rejects on a non-zero exit. */
export function runPython(args: string[], input: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      DEBIAN_PYTHON,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
    child.stdin!.end(input);
  });
}
