// Opaque, signed $skipToken values for keyset paging. The token carries the sort
// key of the last row served and a digest of the query it belongs to; the HMAC
// makes a tampered or foreign token detectable instead of silently wrong.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export interface SkipTokenPayload {
  /** Digest of the scope, filter and order the token was made for. */
  query: string;
  /** Sort-key values of the last row served, tiebreaker last. */
  last: unknown[];
}

export class SkipTokenCodec {
  constructor(private readonly secret: Buffer) {}

  static queryDigest(parts: readonly (string | undefined)[]): string {
    return createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 22);
  }

  encode(payload: SkipTokenPayload): string {
    const body = Buffer.from(JSON.stringify([1, payload.query, payload.last])).toString("base64url");
    return `${body}.${this.sign(body)}`;
  }

  /** The payload, or undefined when the token was not made by this store or was altered. */
  decode(token: string): SkipTokenPayload | undefined {
    const dot = token.indexOf(".");
    if (dot <= 0 || token.length > 4096) return undefined;
    const body = token.slice(0, dot);
    const sig = Buffer.from(token.slice(dot + 1), "base64url");
    const expected = Buffer.from(this.sign(body), "base64url");
    if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return undefined;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
      if (!Array.isArray(parsed) || parsed[0] !== 1 || typeof parsed[1] !== "string" || !Array.isArray(parsed[2])) return undefined;
      return { query: parsed[1], last: parsed[2] };
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac("sha256", this.secret).update(body).digest("base64url").slice(0, 22);
  }
}
