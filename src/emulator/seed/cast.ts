// The cast of one incident (or bookmark): who, where and from which attacker address.
// Every alert of an incident draws its entities from the same cast, which is what
// makes the alerts share entities the way correlated alerts do.
import type { CloudApp } from "./catalog.js";
import type { Rng } from "./random.js";
import type { AzureResource, ExternalIp, OrgHost, OrgUser, World } from "./world.js";

export interface Cast {
  user: OrgUser;
  /** A second victim, for spray and forwarding scenarios. */
  user2: OrgUser;
  host: OrgHost;
  /** Where the attacker moves next. */
  host2: OrgHost;
  dc: OrgHost;
  ip: ExternalIp;
  /** The "other" sign-in address of travel and two-IP detections. */
  ip2: ExternalIp;
  domain: string;
  url: string;
  app: CloudApp;
  resource: AzureResource;
  /** Chooses among the file, malware and subject variants a template offers. */
  variant: number;
}

function otherThan<T>(rng: Rng, items: readonly T[], not: T): T {
  if (items.length < 2) return items[0]!;
  for (;;) {
    const item = rng.pick(items);
    if (item !== not) return item;
  }
}

/** Which machines a detection can be about: Linux servers, Azure VMs (Defender for Cloud) or any Windows machine. */
export type HostPool = "windows" | "linux" | "azure";

export function makeCast(rng: Rng, world: World, pool: HostPool): Cast {
  const user = rng.chance(0.92) ? rng.pick(world.users) : rng.pick(world.serviceAccounts);
  const hosts = pool === "linux" ? world.linuxHosts : pool === "azure" ? world.azureWindowsHosts : world.windowsHosts;
  const host = rng.pick(hosts);
  const ip = rng.pick(world.ips);
  const link = rng.pick(world.urls);
  return {
    user,
    user2: otherThan(rng, world.users, user),
    host,
    host2: otherThan(rng, hosts, host),
    dc: rng.pick(world.domainControllers),
    ip,
    ip2: otherThan(rng, world.ips, ip),
    domain: link.domain,
    url: link.url,
    app: rng.pick(world.apps),
    resource: rng.pick(world.resources),
    variant: rng.u32(),
  };
}
