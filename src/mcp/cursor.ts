// list_incidents' `cursor`: where the next page starts (the service's page link, or
// the first page, and how many of its incidents were already returned) plus the
// query it belongs to. It is signed with a key that lives as long as the server, so
// an assistant can hand it back but cannot forge one (a page link is a URL).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { ToolInputError } from "./workspaces.js";

export interface CursorState {
  workspace: string;
  filter?: string;
  orderby: string;
  /** The link that fetches the page to resume in; absent for the first page. */
  link?: string;
  /** Incidents of that page already returned. */
  skip: number;
}

export class CursorCodec {
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  private sign(body: string): string {
    return createHmac("sha256", this.key).update(body).digest("base64url");
  }

  encode(state: CursorState): string {
    const body = Buffer.from(JSON.stringify(state)).toString("base64url");
    return `${body}.${this.sign(body)}`;
  }

  decode(cursor: string): CursorState {
    const [body, mac] = cursor.split(".");
    const expected = body ? this.sign(body) : "";
    if (!body || !mac || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
      throw new ToolInputError("'cursor' is not one this server issued (it must be passed back unchanged from a list_incidents result, to the same server run).", "cursor");
    }
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as CursorState;
  }
}
