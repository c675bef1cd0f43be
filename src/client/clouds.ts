// The Azure clouds a client can talk to: where Resource Manager is, where tokens
// come from, and where the portal links point.

export type CloudName = "public" | "usgov" | "china";

export interface Cloud {
  name: CloudName;
  resourceManager: string;
  authorityHost: string;
  portal: string;
}

export const CLOUDS: Readonly<Record<CloudName, Cloud>> = {
  public: {
    name: "public",
    resourceManager: "https://management.azure.com",
    authorityHost: "https://login.microsoftonline.com",
    portal: "https://portal.azure.com",
  },
  usgov: {
    name: "usgov",
    resourceManager: "https://management.usgovcloudapi.net",
    authorityHost: "https://login.microsoftonline.us",
    portal: "https://portal.azure.us",
  },
  china: {
    name: "china",
    resourceManager: "https://management.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
    portal: "https://portal.azure.cn",
  },
};

// MSTICPy's config names its clouds differently.
const ALIASES: Record<string, CloudName> = {
  public: "public",
  global: "public",
  azurecloud: "public",
  usgov: "usgov",
  azureusgovernment: "usgov",
  china: "china",
  cn: "china",
  azurechinacloud: "china",
};

export function cloudByName(name: string): Cloud | undefined {
  const key = ALIASES[name.toLowerCase()];
  return key ? CLOUDS[key] : undefined;
}

/** The token scope for a Resource Manager endpoint. */
export function scopeFor(resourceManager: string): string {
  return `${resourceManager.replace(/\/+$/, "")}/.default`;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith(".localhost");
}
