// The organisation one seed describes: its people, machines, attacker infrastructure
// and files, drawn once up front. Incidents then pick from these pools, so the same
// user, host or hash recurs across incidents the way it does in a real tenant.
import type { WorkspaceRef } from "../../api/resourceId.js";
import {
  ATTACKER_DOMAINS,
  AZURE_RESOURCE_KINDS,
  CLOUD_APPS,
  type CloudApp,
  DEPARTMENTS,
  FILES,
  type FileCategory,
  GIVEN_NAMES,
  HOST_FAMILIES,
  ORG,
  PLACES,
  type Place,
  PUBLIC_NETWORKS,
  RESOURCE_GROUPS,
  SERVICE_ACCOUNTS,
  SURNAMES,
  THREAT_TYPES,
  URL_PATHS,
} from "./catalog.js";
import type { Rng } from "./random.js";

export interface OrgUser {
  displayName: string;
  /** The SAM account name, e.g. `avance`. */
  accountName: string;
  upn: string;
  email: string;
  sid: string;
  aadUserId: string;
  objectGuid: string;
  department: string;
}

export interface OrgHost {
  hostName: string;
  os: "Windows" | "Linux";
  osVersion: string;
  server: boolean;
  omsAgentID: string;
  azureID?: string;
  internalIp: string;
}

export interface ExternalIp {
  address: string;
  place: Place;
  asn: number;
  threat?: (typeof THREAT_TYPES)[number] & { confidence: number };
}

export interface OrgFile {
  category: FileCategory;
  fileName: string;
  /** May hold `{user}`, filled with the account name of the user it was found with. */
  directory: string;
  sha256: string;
  sha1: string;
  md5: string;
}

export interface AzureResource {
  name: string;
  resourceId: string;
  subscriptionId: string;
}

export interface World {
  tenantId: string;
  /** The Log Analytics workspace (customer) id alerts name in their resourceIdentifiers. */
  workspaceId: string;
  workspace: WorkspaceRef;
  users: OrgUser[];
  serviceAccounts: OrgUser[];
  windowsHosts: OrgHost[];
  linuxHosts: OrgHost[];
  /** Windows VMs in Azure, which Defender for Cloud watches. */
  azureWindowsHosts: OrgHost[];
  domainControllers: OrgHost[];
  ips: ExternalIp[];
  files: Record<FileCategory, OrgFile[]>;
  resources: AzureResource[];
  apps: readonly CloudApp[];
  domains: readonly string[];
  urls: { domain: string; url: string }[];
}

function makeUser(rng: Rng, displayName: string, alias: string, accountName: string): OrgUser {
  return {
    displayName,
    accountName,
    upn: `${alias}@${ORG.domain}`,
    email: `${alias}@${ORG.domain}`,
    sid: `${ORG.sidPrefix}-${rng.int(1100, 48000)}`,
    aadUserId: rng.guid(),
    objectGuid: rng.guid(),
    department: rng.pick(DEPARTMENTS),
  };
}

function makeUsers(rng: Rng): OrgUser[] {
  const users: OrgUser[] = [];
  const seen = new Set<string>();
  for (const given of GIVEN_NAMES) {
    for (const surname of rng.sample(SURNAMES, 6)) {
      const alias = `${given}.${surname}`.toLowerCase();
      if (seen.has(alias)) continue;
      seen.add(alias);
      users.push(makeUser(rng, `${given} ${surname}`, alias, `${given[0]}${surname}`.toLowerCase()));
    }
  }
  return users;
}

function makeHosts(rng: Rng, workspace: WorkspaceRef): OrgHost[] {
  const hosts: OrgHost[] = [];
  for (const family of HOST_FAMILIES) {
    const numbers = new Set<number>();
    while (numbers.size < family.count) numbers.add(rng.int(1, family.server ? 40 : 400));
    for (const n of [...numbers].sort((a, b) => a - b)) {
      const hostName = `${family.prefix}${String(n).padStart(family.server ? 2 : 3, "0")}`;
      const host: OrgHost = {
        hostName,
        os: family.os,
        osVersion: rng.pick(family.osVersions),
        server: family.server,
        omsAgentID: rng.guid(),
        internalIp: `10.${rng.int(1, 40)}.${rng.int(0, 255)}.${rng.int(2, 254)}`,
      };
      if (family.cloud) {
        host.azureID =
          `/subscriptions/${workspace.subscriptionId}/resourceGroups/${rng.pick(RESOURCE_GROUPS)}` +
          `/providers/Microsoft.Compute/virtualMachines/${hostName.toLowerCase()}`;
      }
      hosts.push(host);
    }
  }
  return hosts;
}

function makeIps(rng: Rng): ExternalIp[] {
  const ips: ExternalIp[] = [];
  for (const network of PUBLIC_NETWORKS) {
    for (const last of rng.sample(Array.from({ length: 253 }, (_, i) => i + 1), 90)) {
      const ip: ExternalIp = { address: `${network}.${last}`, place: rng.pick(PLACES), asn: rng.int(1000, 64000) };
      if (rng.chance(0.25)) ip.threat = { ...rng.pick(THREAT_TYPES), confidence: rng.int(50, 100) / 100 };
      ips.push(ip);
    }
  }
  return ips;
}

function makeFiles(rng: Rng): Record<FileCategory, OrgFile[]> {
  const files = {} as Record<FileCategory, OrgFile[]>;
  for (const category of Object.keys(FILES) as FileCategory[]) {
    // Each name appears with two builds, as recompiled malware does.
    files[category] = FILES[category].flatMap((spec) =>
      [0, 1].map(() => ({
        category,
        fileName: spec.name,
        directory: spec.directory,
        sha256: rng.hex(64),
        sha1: rng.hex(40),
        md5: rng.hex(32),
      })),
    );
  }
  return files;
}

function makeResources(rng: Rng, workspace: WorkspaceRef): AzureResource[] {
  const subscriptions = [workspace.subscriptionId, rng.guid(), rng.guid()];
  return AZURE_RESOURCE_KINDS.flatMap(({ provider, names }) =>
    names.map((name) => {
      const subscriptionId = rng.chance(0.7) ? subscriptions[0]! : rng.pick(subscriptions);
      return {
        name,
        subscriptionId,
        resourceId: `/subscriptions/${subscriptionId}/resourceGroups/${rng.pick(RESOURCE_GROUPS)}/providers/${provider}/${name}`,
      };
    }),
  );
}

export function buildWorld(rng: Rng, workspace: WorkspaceRef): World {
  const hosts = makeHosts(rng, workspace);
  const windowsHosts = hosts.filter((h) => h.os === "Windows");
  return {
    tenantId: rng.guid(),
    workspaceId: rng.guid(),
    workspace,
    users: makeUsers(rng),
    serviceAccounts: SERVICE_ACCOUNTS.map((name) => makeUser(rng, name, name, name)),
    windowsHosts,
    linuxHosts: hosts.filter((h) => h.os === "Linux"),
    azureWindowsHosts: windowsHosts.filter((h) => h.azureID !== undefined),
    domainControllers: windowsHosts.filter((h) => h.hostName.startsWith("SRV-DC-")),
    ips: makeIps(rng),
    files: makeFiles(rng),
    resources: makeResources(rng, workspace),
    apps: CLOUD_APPS,
    domains: ATTACKER_DOMAINS,
    urls: ATTACKER_DOMAINS.flatMap((domain) =>
      rng.sample(URL_PATHS, 3).map((path) => ({ domain, url: `https://${domain}${path}${rng.hex(10)}` })),
    ),
  };
}
