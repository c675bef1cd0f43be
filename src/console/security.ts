// The console's guards. The page is served to a browser on this machine, and any
// other page that browser opens could try to reach it: so a session starts only
// with the secret from the URL fragment (never sent in a request line, never in
// logs), lives in an HttpOnly SameSite=Strict cookie, every write needs the
// session's CSRF header, and the Host header must name this server (DNS rebinding).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * The session cookie's name for a console on `port`. Browsers keep cookies per host, not
 * per port: two consoles on one machine (say one per tenant) would otherwise overwrite
 * each other's session with every sign-in.
 */
export function sessionCookieName(port: number): string {
  return `sentinel_console_${port}`;
}
export const CSRF_HEADER = "x-sentinel-csrf";
/** Sessions end after this long without a request. */
export const SESSION_IDLE_MS = 12 * 3_600_000;

/** No inline script or style, nothing from elsewhere; violations are reported to the server, which counts them. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "report-uri /csp-report",
].join("; ");

export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-store",
};

const digest = (s: string) => createHash("sha256").update(s).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));
export const newSecret = () => randomBytes(32).toString("base64url");

interface Session {
  csrf: string;
  lastSeen: number;
}

export class Sessions {
  /** One-time login tokens (minted for URLs) still unused. */
  private readonly pending = new Set<string>();
  private readonly sessions = new Map<string, Session>();

  /** The cookie the session id travels in; set once the port is known. */
  cookieName = "sentinel_console";

  /** `fixedToken` (from --token) may be used again; minted tokens only once. */
  constructor(private readonly fixedToken?: string) {}

  mintLoginToken(): string {
    if (this.fixedToken) return this.fixedToken;
    const token = newSecret();
    this.pending.add(token);
    return token;
  }

  /** Exchanges a login token for a session; undefined when the token is wrong or used. */
  login(token: string): { id: string; csrf: string } | undefined {
    let ok = false;
    if (this.fixedToken && sameSecret(token, this.fixedToken)) ok = true;
    for (const p of this.pending) {
      if (sameSecret(token, p)) {
        this.pending.delete(p);
        ok = true;
      }
    }
    if (!ok) return undefined;
    const id = newSecret();
    const csrf = newSecret();
    this.sessions.set(id, { csrf, lastSeen: Date.now() });
    return { id, csrf };
  }

  /** The session of a request's cookie, if it is live. */
  lookup(req: IncomingMessage): ({ id: string } & Session) | undefined {
    const id = cookieValue(req.headers.cookie, this.cookieName);
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (Date.now() - s.lastSeen > SESSION_IDLE_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeen = Date.now();
    return { id, ...s };
  }

  checkCsrf(session: Session, req: IncomingMessage): boolean {
    const sent = req.headers[CSRF_HEADER];
    return typeof sent === "string" && sameSecret(sent, session.csrf);
  }

  logout(id: string): void {
    this.sessions.delete(id);
  }

  /** The Set-Cookie value carrying a session id. */
  cookie(id: string): string {
    return `${this.cookieName}=${id}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The Host names this server answers to: its own address, and the loopback
 * names when it listens on loopback. A page on attacker.example that rebinds its
 * name to 127.0.0.1 still sends `Host: attacker.example`, and is refused.
 */
export function allowedHosts(host: string, port: number, loopback: boolean): Set<string> {
  const names = new Set([host.includes(":") && !host.startsWith("[") ? `[${host}]` : host]);
  if (loopback) for (const n of ["127.0.0.1", "localhost", "[::1]"]) names.add(n);
  return new Set([...names].map((n) => `${n.toLowerCase()}:${port}`));
}

export function hostAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const host = req.headers.host;
  return typeof host === "string" && allowed.has(host.toLowerCase());
}

/** A write from a browser names its origin; it must be this server's. */
export function originAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === "http:" && allowed.has(url.host.toLowerCase());
  } catch {
    return false;
  }
}
