// Bearer authentication. Without a configured token any bearer token is taken (as
// a developer's local stand-in); with one, only that token, compared in constant time.
import { createHash, timingSafeEqual } from "node:crypto";
import type { ClientInfo } from "../api/models.js";
import { clientInfoOf, DEFAULT_CALLER } from "./directory.js";
import { errors } from "./http/errors.js";

export class Authenticator {
  private readonly expected?: Buffer;

  constructor(token?: string) {
    if (token !== undefined) this.expected = digest(token);
  }

  /** The caller's identity, or a 401 ServiceError. */
  authenticate(header: string | undefined): ClientInfo {
    if (header === undefined || header.trim() === "") throw errors.missingAuth();
    const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
    if (!match) throw errors.invalidAuth("the 'Authorization' header must be 'Bearer <token>'.");
    const token = match[1]!;
    // Hashing first makes both sides the same length, so the comparison takes
    // the same time whatever the token is.
    if (this.expected && !timingSafeEqual(digest(token), this.expected)) {
      throw errors.invalidAuth("the token is not the one this emulator was started with (--token).");
    }
    return callerOf(token);
  }
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/** Who made the request: the claims of a JWT when the token is one, else the directory's default user. */
function callerOf(token: string): ClientInfo {
  const parts = token.split(".");
  if (parts.length === 3) {
    try {
      const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
      const str = (k: string) => (typeof claims[k] === "string" ? (claims[k] as string) : undefined);
      const upn = str("upn") ?? str("preferred_username") ?? str("unique_name");
      const info: ClientInfo = { objectId: str("oid"), userPrincipalName: upn, email: str("email") ?? upn, name: str("name") ?? upn };
      if (info.objectId || info.userPrincipalName) return info;
    } catch {
      // Not a JWT after all: fall through to the default caller.
    }
  }
  return clientInfoOf(DEFAULT_CALLER);
}
