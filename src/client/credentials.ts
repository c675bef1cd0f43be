// Credentials. Any TokenCredential works; these helpers build the common ones.
// @azure/identity is imported only when a token is first needed, so commands
// that never authenticate (help, version, the emulator) never load it.
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { CLOUDS, type Cloud } from "./clouds.js";
import { SentinelValidationError } from "./errors.js";

/** The method names MSTICPy's config uses in `Azure.auth_methods`, plus a few more of @azure/identity. */
export const AUTH_METHODS = [
  "default",
  "cli",
  "msi",
  "env",
  "devicecode",
  "interactive",
  "powershell",
  "azd",
  "workload",
  "vscode",
] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export interface CredentialOptions {
  tenantId?: string;
  cloud?: Cloud;
  /** For devicecode: where to show the sign-in prompt (defaults to stderr). */
  onDeviceCode?: (message: string) => void;
}

type Identity = typeof import("@azure/identity");

/** A credential whose real implementation is built on first use. */
class LazyCredential implements TokenCredential {
  private inner?: Promise<TokenCredential>;
  constructor(private readonly build: (identity: Identity) => TokenCredential) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    this.inner ??= import("@azure/identity").then((identity) => this.build(identity));
    return (await this.inner).getToken(scopes, options);
  }
}

function one(identity: Identity, method: AuthMethod, options: CredentialOptions): TokenCredential {
  const authorityHost = (options.cloud ?? CLOUDS.public).authorityHost;
  const tenantId = options.tenantId;
  switch (method) {
    case "default":
      return new identity.DefaultAzureCredential({ tenantId, authorityHost });
    case "cli":
      return new identity.AzureCliCredential({ tenantId });
    case "msi":
      return new identity.ManagedIdentityCredential({ authorityHost });
    case "env":
      return new identity.EnvironmentCredential({ authorityHost });
    case "devicecode":
      return new identity.DeviceCodeCredential({
        tenantId,
        authorityHost,
        userPromptCallback: (info) => (options.onDeviceCode ?? ((m) => process.stderr.write(`${m}\n`)))(info.message),
      });
    case "interactive":
      return new identity.InteractiveBrowserCredential({ tenantId, authorityHost });
    case "powershell":
      return new identity.AzurePowerShellCredential({ tenantId });
    case "azd":
      return new identity.AzureDeveloperCliCredential({ tenantId });
    case "workload":
      return new identity.WorkloadIdentityCredential({ tenantId, authorityHost });
    case "vscode":
      return new identity.VisualStudioCodeCredential({ tenantId, authorityHost });
  }
}

/**
 * A credential that tries each method in turn, as MSTICPy's `auth_methods` do,
 * e.g. `createCredential(["cli", "msi", "devicecode"])`.
 */
export function createCredential(methods: readonly string[] = ["default"], options: CredentialOptions = {}): TokenCredential {
  if (methods.length === 0) throw new SentinelValidationError("at least one authentication method is needed", "auth", methods, AUTH_METHODS);
  const checked = methods.map((m) => {
    const method = m.toLowerCase() === "managedidentity" ? "msi" : m.toLowerCase();
    if (!(AUTH_METHODS as readonly string[]).includes(method)) {
      throw new SentinelValidationError(
        `Unknown authentication method '${m}'. Allowed values: ${AUTH_METHODS.join(", ")}.`,
        "auth",
        m,
        AUTH_METHODS,
      );
    }
    return method as AuthMethod;
  });
  return new LazyCredential((identity) => {
    const credentials = checked.map((m) => one(identity, m, options));
    return credentials.length === 1 ? credentials[0]! : new identity.ChainedTokenCredential(...credentials);
  });
}

/**
 * A fixed bearer token, for the emulator (or a token obtained elsewhere). It is
 * reported as valid for an hour from each request, so it is never "refreshed".
 */
export class StaticTokenCredential implements TokenCredential {
  // A private field: util.inspect, console.log and JSON.stringify never show it.
  readonly #token: string;

  constructor(token: string) {
    if (token.trim() === "") throw new SentinelValidationError("the static token is empty", "token");
    this.#token = token;
  }

  async getToken(): Promise<AccessToken> {
    return { token: this.#token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}
