// Who the client signs in as, read from the claims of its access token. This is what
// `assign <incident> me` needs; it makes no request to the service (the token is the
// one every request carries, so on the emulator it is also who the emulator sees).
import type { TokenCredential } from "@azure/core-auth";
import type { AbortSignalLike } from "@azure/abort-controller";
import { SentinelValidationError } from "./errors.js";

export interface SignedInUser {
  objectId?: string;
  userPrincipalName?: string;
  email?: string;
  name?: string;
}

/** The user named by a JWT's claims, or undefined when the token is not a JWT naming one. */
export function userOfToken(token: string): SignedInUser | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
    const str = (k: string) => (typeof claims[k] === "string" && claims[k] !== "" ? (claims[k] as string) : undefined);
    const upn = str("upn") ?? str("preferred_username") ?? str("unique_name");
    const user: SignedInUser = { objectId: str("oid"), userPrincipalName: upn, email: str("email") ?? (upn?.includes("@") ? upn : undefined), name: str("name") };
    return user.objectId || user.userPrincipalName ? user : undefined;
  } catch {
    return undefined;
  }
}

export async function signedInUser(credential: TokenCredential, scopes: string[], abortSignal?: AbortSignalLike): Promise<SignedInUser> {
  const token = await credential.getToken(scopes, { abortSignal });
  const user = token ? userOfToken(token.token) : undefined;
  if (!user) {
    throw new SentinelValidationError(
      "the access token does not say who you are (it is not a JWT with an 'oid' or 'upn' claim); give your user principal name or email instead of 'me'",
      "owner",
      "me",
    );
  }
  return user;
}
