// The page's calls to its own server: same origin only, the session cookie goes
// by itself, and every write carries the session's CSRF header.
let csrf = "";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: { error?: { code?: string; message?: string; field?: string }; [k: string]: unknown },
  ) {
    super(message);
  }
}

/** Logs in with the token of the URL fragment (then forgets it), or resumes the cookie's session. */
export async function startSession<T>(): Promise<T> {
  const m = /^#token=([^&]+)/.exec(location.hash);
  let res: Response;
  if (m) {
    // The token leaves the address bar and history before anything else happens.
    history.replaceState(null, "", `${location.pathname}#/queue`);
    res = await fetch("/api/session", { method: "POST", headers: { authorization: `Bearer ${decodeURIComponent(m[1]!)}` }, credentials: "same-origin" });
  } else {
    res = await fetch("/api/session", { credentials: "same-origin" });
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(body?.error?.message ?? `HTTP ${res.status}`, res.status, body);
  csrf = body.csrf;
  return body.config as T;
}

export async function api<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = {};
  if (method !== "GET") headers["x-sentinel-csrf"] = csrf;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin", signal });
  const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(data?.error?.message ?? `HTTP ${res.status}`, res.status, data);
  return data as T;
}

export const enc = encodeURIComponent;
