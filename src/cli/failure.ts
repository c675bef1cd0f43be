// One place that turns any error into an exit code and a message saying what to
// do next. Exit codes: 1 service or network, 2 bad usage or input, 3 not found or ambiguous.

export const EXIT = { ok: 0, service: 1, usage: 2, notFound: 3 } as const;

const USAGE = new Set(["UsageError", "SentinelValidationError", "SentinelConfigError", "EmulatorConfigError", "CommanderError"]);
const NOT_FOUND = new Set(["IncidentNotFoundError", "AmbiguousIncidentError", "BookmarkNotFoundError", "AmbiguousBookmarkError"]);
// @azure/identity's errors when no token could be had: the fix is a sign-in, not a retry.
const SIGN_IN = new Set(["CredentialUnavailableError", "AuthenticationError", "AggregateAuthenticationError", "AuthenticationRequiredError"]);

export interface Failure {
  code: number;
  message: string;
}

export function describeFailure(e: unknown): Failure {
  const err = e as { name?: string; message?: string; statusCode?: number; code?: string; requestId?: string; field?: string };
  const name = err?.name ?? "Error";
  const message = err?.message ?? String(e);
  if (USAGE.has(name)) {
    const hint = name === "SentinelConfigError" ? "\nSet the missing value with a flag (see --help), an environment variable, or msticpyconfig.yaml." : "";
    return { code: EXIT.usage, message: `${message}${hint}` };
  }
  if (NOT_FOUND.has(name)) return { code: EXIT.notFound, message };
  if (name === "SentinelRequestError" || name === "SentinelConflictError") {
    if (err.statusCode === 404) return { code: EXIT.notFound, message };
    if (err.statusCode === 401 || err.statusCode === 403) {
      return { code: EXIT.service, message: `${message}\nCheck your sign-in ('az login', --auth) and that you hold a Microsoft Sentinel role on the workspace.` };
    }
    if (err.statusCode === 400) return { code: EXIT.usage, message };
    return { code: EXIT.service, message };
  }
  if (SIGN_IN.has(name)) {
    return {
      code: EXIT.service,
      message: `${message}\nSign in ('az login'), or pick the sign-in methods with --auth (default, cli, msi, env, devicecode, interactive); for the emulator set SENTINEL_TOKEN.`,
    };
  }
  if (name === "AbortError") return { code: EXIT.service, message: "Cancelled." };
  return { code: EXIT.service, message };
}
