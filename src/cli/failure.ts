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

/** The library's names for what the command line calls by its flags. */
const FLAG_OF_FIELD: Record<string, string> = {
  firstActivityTime: "--first-activity",
  firstActivityTimeUtc: "--first-activity",
  lastActivityTime: "--last-activity",
  lastActivityTimeUtc: "--last-activity",
  classificationReason: "--reason",
  classificationComment: "--classification-comment",
  titleContains: "--title-contains",
  createdAfter: "--since",
  createdBefore: "--until",
  incidentId: "--id",
  taskId: "--id",
};

/** A message in the command line's words: flag names for the library's fields and functions. */
export function inCliWords(message: string): string {
  let out = message.replace(/'([A-Za-z]+)'/g, (whole, field: string) => (FLAG_OF_FIELD[field] ? FLAG_OF_FIELD[field]! : whole));
  out = out
    .replace(/\(see 'listIncidents'\)/g, "(see 'sentinel incident list')")
    .replace(/'listIncidents'/g, "'sentinel incident list'")
    .replace(/'listBookmarks'/g, "'sentinel bookmark list'")
    .replace(/\bUse updateIncident to change it, or another incidentId\./g, "Use 'sentinel incident update' to change it, or another --id.");
  return out;
}

/**
 * Long request URLs are cut out of messages (the service's own message is kept whole):
 * what is left says which resource, e.g. …/incidents/8f1c…?api-version dropped.
 */
export function shortenUrls(message: string): string {
  return message.replace(/\bhttps?:\/\/[^\s'"]+/g, (url) => {
    try {
      const u = new URL(url);
      const parts = u.pathname.split("/").filter(Boolean);
      const at = parts.findIndex((p) => p.toLowerCase() === "microsoft.securityinsights");
      const tail = at >= 0 ? parts.slice(at + 1) : parts.slice(-2);
      return tail.length > 0 ? `…/${tail.join("/")}` : u.origin;
    } catch {
      return url;
    }
  });
}

function isLoopback(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127\./.test(host);
  } catch {
    return false;
  }
}

export function describeFailure(e: unknown): Failure {
  const err = e as { name?: string; message?: string; statusCode?: number; code?: string; requestId?: string; field?: string; url?: string; address?: string; port?: number; syscall?: string };
  const name = err?.name ?? "Error";
  const message = shortenUrls(inCliWords(err?.message ?? String(e)));
  if (err?.code === "EADDRINUSE") {
    const where = err.port !== undefined ? `${err.address ?? "127.0.0.1"}:${err.port}` : (/(\S+:\d+)\s*$/.exec(err.message ?? "")?.[1] ?? "that port");
    return {
      code: EXIT.service,
      message: `${where} is already in use: an emulator is probably already running on that port (stop it, or pick another with --port, or --port 0 for a free one).`,
    };
  }
  if (USAGE.has(name)) {
    const hint = name === "SentinelConfigError" ? "\nSet the missing value with a flag (see --help), an environment variable, or msticpyconfig.yaml." : "";
    return { code: EXIT.usage, message: `${message}${hint}` };
  }
  if (NOT_FOUND.has(name)) return { code: EXIT.notFound, message };
  if (name === "SentinelRequestError" || name === "SentinelConflictError") {
    if (err.statusCode === 404) return { code: EXIT.notFound, message };
    if ((err.statusCode === 401 || err.statusCode === 403) && isLoopback(err.url)) {
      return { code: EXIT.service, message: `${message}\nThe emulator takes only the token it was started with (--token): set SENTINEL_TOKEN to that token.` };
    }
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
