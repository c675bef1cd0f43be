// A token cache shared between processes: each `sentinel` command is a new process, and
// signing in (with `az login` credentials, a spawn of the Azure CLI) can take a second or
// more. Access tokens are kept per tenant, scope and credential until shortly before they
// expire, in one file only the user can read. Refresh tokens are never seen here: a
// TokenCredential hands out access tokens only.
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";

/** A token is used until this long before it expires; after that the credential is asked again. */
export const TOKEN_CACHE_MARGIN_MS = 5 * 60_000;

export interface TokenCacheOptions {
  /** The cache file; default: tokenCacheFile(). */
  file?: string;
  /**
   * What tells credentials apart, e.g. "cli" or "cli,msi": tokens of one credential are
   * never handed to another. Include anything that changes who signs in.
   */
  credentialKey: string;
  /** The tenant the credential signs in to, when known. */
  tenantId?: string;
  /** How long before expiry a cached token stops being used; default TOKEN_CACHE_MARGIN_MS. */
  marginMs?: number;
}

interface Entry {
  token: string;
  expiresOnTimestamp: number;
  refreshAfterTimestamp?: number;
}

/** The user's configuration directory: %APPDATA% on Windows, else $XDG_CONFIG_HOME or ~/.config. */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === "win32" && env.APPDATA) return env.APPDATA;
  if (env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith("/")) return env.XDG_CONFIG_HOME;
  return join(env.HOME || homedir(), ".config");
}

/** Where the command line keeps access tokens: <config dir>/sentinel-incidents/tokens.json. */
export function tokenCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(userConfigDir(env), "sentinel-incidents", "tokens.json");
}

function readEntries(file: string): Record<string, Entry> {
  try {
    // A file others can read or write is not trusted (nor used): it may have been planted.
    if (process.platform !== "win32" && (statSync(file).mode & 0o077) !== 0) return {};
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { version?: number; tokens?: Record<string, Entry> };
    return parsed.version === 1 && parsed.tokens && typeof parsed.tokens === "object" ? parsed.tokens : {};
  } catch {
    // Missing or damaged: an empty cache, never an error (signing in again always works).
    return {};
  }
}

function writeEntries(file: string, tokens: Record<string, Entry>): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Written whole to a private temporary file, then renamed: a reader never sees half a file,
    // and two commands writing at once leave one complete cache.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ version: 1, tokens })}\n`, { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, file);
  } catch {
    // A read-only home or full disk costs a sign-in next time, nothing more.
  }
}

/** Removes every cached token; returns how many there were. */
export function clearTokenCache(file: string = tokenCacheFile()): number {
  let count = 0;
  try {
    count = Object.keys(JSON.parse(readFileSync(file, "utf8")).tokens ?? {}).length;
  } catch {
    count = 0;
  }
  rmSync(file, { force: true });
  return count;
}

/**
 * Wraps a credential so its access tokens outlive the process: getToken answers from the
 * cache file while a token has more than `marginMs` left, and asks the credential otherwise.
 * Requests with claims (a Continuous Access Evaluation challenge) always go to the credential.
 */
export class CachedTokenCredential implements TokenCredential {
  readonly #inner: TokenCredential;
  readonly #file: string;
  readonly #credentialKey: string;
  readonly #tenantId?: string;
  readonly #marginMs: number;

  constructor(inner: TokenCredential, options: TokenCacheOptions) {
    this.#inner = inner;
    this.#file = options.file ?? tokenCacheFile();
    this.#credentialKey = options.credentialKey;
    this.#tenantId = options.tenantId;
    this.#marginMs = options.marginMs ?? TOKEN_CACHE_MARGIN_MS;
  }

  /** The cache file's key: a hash, so the file does not list tenants and scopes in clear. */
  #key(scopes: string | string[], options?: GetTokenOptions): string {
    const tenant = options?.tenantId ?? this.#tenantId ?? "";
    const scopeList = [...(typeof scopes === "string" ? [scopes] : scopes)].sort();
    return createHash("sha256").update(JSON.stringify([this.#credentialKey, tenant, scopeList])).digest("hex");
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    if (options?.claims) return this.#inner.getToken(scopes, options);
    const key = this.#key(scopes, options);
    const now = Date.now();
    const cached = readEntries(this.#file)[key];
    if (cached && typeof cached.token === "string" && cached.expiresOnTimestamp - this.#marginMs > now) {
      return { token: cached.token, expiresOnTimestamp: cached.expiresOnTimestamp, refreshAfterTimestamp: cached.refreshAfterTimestamp, tokenType: "Bearer" };
    }
    const fresh = await this.#inner.getToken(scopes, options);
    if (fresh && fresh.expiresOnTimestamp - this.#marginMs > Date.now()) {
      // Read again just before writing, so tokens another command cached meanwhile stay; expired ones go.
      const entries = Object.fromEntries(Object.entries(readEntries(this.#file)).filter(([, e]) => e.expiresOnTimestamp > Date.now()));
      entries[key] = { token: fresh.token, expiresOnTimestamp: fresh.expiresOnTimestamp, ...(fresh.refreshAfterTimestamp ? { refreshAfterTimestamp: fresh.refreshAfterTimestamp } : {}) };
      writeEntries(this.#file, entries);
    }
    return fresh;
  }
}
