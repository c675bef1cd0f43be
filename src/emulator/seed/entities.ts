// Entity builders, one per kind, with property bags as common/EntityTypes.json
// defines them. One EntityPool serves one incident: an entity is built the first
// time an alert needs it and the same object is handed to every later alert, so
// alerts of an incident share entities (same id) as correlated alerts do.
import type { EntityKind } from "../../api/enums.js";
import type { Entity } from "../../api/models.js";
import { ResourceTypes } from "../../api/models.js";
import type { Cast } from "./cast.js";
import { MAIL_SUBJECTS, MALWARE, MINING_POOLS, ORG, Products, SECURITY_GROUPS, type FileCategory, type Product } from "./catalog.js";
import type { Rng } from "./random.js";
import type { AlertTemplate } from "./templates.js";
import type { OrgHost, World } from "./world.js";

/** The part of a template that decides entities; bookmarks supply it too. */
export type EntitySource = Pick<AlertTemplate, "key" | "product" | "kinds" | "file" | "process" | "registry" | "targetsDc">;

const CLOUD_IDENTITY: ReadonlySet<Product> = new Set([Products.idp, Products.mdca, Products.mdo]);

const iso = (ms: number) => new Date(ms).toISOString();

/** The first entity of `kind` already on the alert, so cross references never dangle. */
function refOf(list: readonly Entity[], kind: EntityKind): string | undefined {
  for (const e of list) if (e.kind === kind) return e.name;
  return undefined;
}

function refsOf(list: readonly Entity[], kind: EntityKind): string[] {
  const names: string[] = [];
  for (const e of list) if (e.kind === kind) names.push(e.name!);
  return names;
}

export class EntityPool {
  private readonly byKey = new Map<string, Entity>();
  // The alert being built; set by entitiesFor.
  private source!: EntitySource;
  private host!: OrgHost;
  private host2!: OrgHost;
  private timeMs = 0;

  constructor(
    private readonly rng: Rng,
    private readonly world: World,
    private readonly cast: Cast,
    /** `entityResourceId(workspace, "")`, so an id is one concatenation. */
    private readonly idPrefix: string,
  ) {}

  /** The entities of one alert (or bookmark), in the order of `kinds`. */
  entitiesFor(source: EntitySource, kinds: readonly EntityKind[], swapHosts: boolean, timeMs: number): Entity[] {
    this.source = source;
    const c = this.cast;
    const second = source.targetsDc ? c.dc : c.host2;
    this.host = swapHosts && !source.targetsDc ? c.host2 : c.host;
    this.host2 = swapHosts && !source.targetsDc ? c.host : second;
    this.timeMs = timeMs;
    const list: Entity[] = [];
    const seen: Partial<Record<EntityKind, number>> = {};
    for (const kind of kinds) {
      const slot = seen[kind] ?? 0;
      seen[kind] = slot + 1;
      const key = this.keyOf(kind, slot);
      let entity = this.byKey.get(key);
      if (!entity) {
        entity = this.make(kind, slot, list);
        this.byKey.set(key, entity);
      }
      if (!list.includes(entity)) list.push(entity);
    }
    return list;
  }

  private fileCategory(): FileCategory {
    return this.source.file ?? "malware";
  }

  private file() {
    const files = this.world.files[this.fileCategory()];
    return files[this.cast.variant % files.length]!;
  }

  /** The VM a host detection is about is its Azure resource, when the host runs in Azure. */
  private vmId(): string | undefined {
    return this.source.kinds[0] === "Host" ? this.host.azureID : undefined;
  }

  private dnsName(): string {
    const c = this.cast;
    const mining = this.fileCategory() === "miner" || this.source.key.includes("mining");
    return mining ? MINING_POOLS[c.variant % MINING_POOLS.length]! : c.domain;
  }

  private malware(): { malwareName: string; category: string } {
    const category = this.fileCategory();
    const options = category in MALWARE ? MALWARE[category as keyof typeof MALWARE] : MALWARE.malware;
    return options[this.cast.variant % options.length]!;
  }

  private group(): string {
    return SECURITY_GROUPS[this.cast.variant % SECURITY_GROUPS.length]!;
  }

  private keyOf(kind: EntityKind, slot: number): string {
    const c = this.cast;
    switch (kind) {
      case "Account": return `A:${(slot ? c.user2 : c.user).upn}`;
      case "Host": return `H:${(slot ? this.host2 : this.host).hostName}`;
      case "Ip": return `I:${(slot ? c.ip2 : c.ip).address}`;
      case "Mailbox": return `M:${(slot ? c.user2 : c.user).upn}`;
      case "FileHash": return `FH${slot}:${this.file().sha256}`;
      case "File": return `F:${this.file().sha256}:${this.host.hostName}`;
      case "Process": return `P:${this.source.key}:${this.host.hostName}`;
      case "Url": return `U:${c.url}`;
      case "CloudApplication": return `C:${c.app.appId}`;
      case "AzureResource": return `R:${this.vmId() ?? c.resource.resourceId}`;
      case "DnsResolution": return `D:${this.dnsName()}`;
      case "Malware": return `MW:${this.malware().malwareName}`;
      case "SecurityGroup": return `SG:${this.group()}`;
      default: return `${kind}:${this.source.key}:${slot}`;
    }
  }

  private entity(kind: EntityKind, properties: Record<string, unknown>): Entity {
    const name = this.rng.guid();
    return { id: this.idPrefix + name, name, type: ResourceTypes.entity, kind, properties };
  }

  private make(kind: EntityKind, slot: number, list: readonly Entity[]): Entity {
    const { cast: c, world: w, rng } = this;
    switch (kind) {
      case "Account": {
        const u = slot ? c.user2 : c.user;
        const [alias] = u.upn.split("@") as [string];
        if (CLOUD_IDENTITY.has(this.source.product)) {
          return this.entity(kind, { friendlyName: alias, accountName: alias, upnSuffix: ORG.domain, displayName: u.displayName, aadUserId: u.aadUserId, aadTenantId: w.tenantId });
        }
        return this.entity(kind, {
          friendlyName: u.accountName, accountName: u.accountName, ntDomain: ORG.ntDomain, dnsDomain: ORG.dnsDomain, upnSuffix: ORG.domain,
          displayName: u.displayName, sid: u.sid, aadUserId: u.aadUserId, aadTenantId: w.tenantId, objectGuid: u.objectGuid, isDomainJoined: true,
        });
      }
      case "Host": {
        const h = slot ? this.host2 : this.host;
        const p: Record<string, unknown> = { friendlyName: h.hostName, hostName: h.hostName, dnsDomain: ORG.dnsDomain, osFamily: h.os, osVersion: h.osVersion, omsAgentID: h.omsAgentID };
        if (h.os === "Windows") {
          p.netBiosName = h.hostName;
          p.ntDomain = ORG.ntDomain;
          p.isDomainJoined = true;
        } else p.isDomainJoined = false;
        if (h.azureID) p.azureID = h.azureID;
        return this.entity(kind, p);
      }
      case "Ip": {
        const ip = slot ? c.ip2 : c.ip;
        const { place } = ip;
        const p: Record<string, unknown> = {
          friendlyName: ip.address, address: ip.address,
          location: { asn: ip.asn, city: place.city, countryCode: place.countryCode, countryName: place.countryName, state: place.state, latitude: place.latitude, longitude: place.longitude },
        };
        if (ip.threat) {
          const t = ip.threat;
          p.threatIntelligence = [{ providerName: "Microsoft Threat Intelligence", threatType: t.threatType, threatName: t.threatName, threatDescription: t.threatDescription, confidence: t.confidence }];
        }
        return this.entity(kind, p);
      }
      case "Url":
        return this.entity(kind, { friendlyName: c.url, url: c.url });
      case "FileHash": {
        const f = this.file();
        return slot
          ? this.entity(kind, { friendlyName: f.sha1, algorithm: "SHA1", hashValue: f.sha1 })
          : this.entity(kind, { friendlyName: f.sha256, algorithm: "SHA256", hashValue: f.sha256 });
      }
      case "File": {
        const f = this.file();
        const p: Record<string, unknown> = { friendlyName: f.fileName, fileName: f.fileName, directory: f.directory.replace("{user}", c.user.accountName) };
        const host = refOf(list, "Host");
        if (host) p.hostEntityId = host;
        const hashes = refsOf(list, "FileHash");
        if (hashes.length) p.fileHashEntityIds = hashes;
        return this.entity(kind, p);
      }
      case "Process": {
        const specs = this.source.process;
        const spec = specs?.length ? specs[c.variant % specs.length]! : undefined;
        const image = spec?.image ?? "cmd.exe";
        const p: Record<string, unknown> = {
          friendlyName: image,
          processId: String(rng.int(400, 32000)),
          commandLine: spec ? spec.commandLine(c) : "cmd.exe /c whoami /all",
          creationTimeUtc: iso(this.timeMs),
          elevationToken: rng.chance(0.7) ? "Default" : rng.chance(0.6) ? "Full" : "Limited",
        };
        const host = refOf(list, "Host");
        if (host) p.hostEntityId = host;
        const account = refOf(list, "Account");
        if (account) p.accountEntityId = account;
        return this.entity(kind, p);
      }
      case "Malware": {
        const m = this.malware();
        const p: Record<string, unknown> = { friendlyName: m.malwareName, malwareName: m.malwareName, category: m.category };
        const files = refsOf(list, "File");
        if (files.length) p.fileEntityIds = files;
        const processes = refsOf(list, "Process");
        if (processes.length) p.processEntityIds = processes;
        return this.entity(kind, p);
      }
      case "Mailbox": {
        const u = slot ? c.user2 : c.user;
        return this.entity(kind, { friendlyName: u.email, mailboxPrimaryAddress: u.email, displayName: u.displayName, upn: u.upn, externalDirectoryObjectId: u.aadUserId });
      }
      case "MailMessage": {
        const p: Record<string, unknown> = {
          friendlyName: MAIL_SUBJECTS[c.variant % MAIL_SUBJECTS.length],
          recipient: c.user.email,
          subject: MAIL_SUBJECTS[c.variant % MAIL_SUBJECTS.length],
          p1Sender: `no-reply@${c.domain}`, p1SenderDisplayName: "Microsoft 365", p1SenderDomain: c.domain,
          p2Sender: `no-reply@${c.domain}`, p2SenderDisplayName: "Microsoft 365", p2SenderDomain: c.domain,
          senderIP: c.ip.address,
          receiveDate: iso(this.timeMs),
          networkMessageId: rng.guid(),
          internetMessageId: `<${rng.hex(16)}@${c.domain}>`,
          language: "en",
          threats: ["Phish"],
          threatDetectionMethods: ["URL detonation reputation", "Spoof intra-org"],
          antispamDirection: "Inbound", deliveryAction: "Delivered", deliveryLocation: "Inbox",
        };
        if (this.source.kinds.includes("Url")) p.urls = [c.url];
        const files = refsOf(list, "File");
        if (files.length) p.fileEntityIds = files;
        return this.entity(kind, p);
      }
      case "CloudApplication": {
        const p: Record<string, unknown> = { friendlyName: c.app.appName, appId: c.app.appId, appName: c.app.appName };
        if (c.app.instanceName) p.instanceName = c.app.instanceName;
        return this.entity(kind, p);
      }
      case "AzureResource": {
        const vm = this.vmId();
        if (vm) return this.entity(kind, { friendlyName: this.host.hostName.toLowerCase(), resourceId: vm, subscriptionId: w.workspace.subscriptionId });
        return this.entity(kind, { friendlyName: c.resource.name, resourceId: c.resource.resourceId, subscriptionId: c.resource.subscriptionId });
      }
      case "DnsResolution": {
        const domainName = this.dnsName();
        const p: Record<string, unknown> = { friendlyName: domainName, domainName };
        const ips = refsOf(list, "Ip");
        if (ips.length) p.ipAddressEntityIds = ips;
        return this.entity(kind, p);
      }
      case "RegistryKey": {
        const r = this.source.registry;
        const key = r?.key ?? "Software\\Microsoft\\Windows\\CurrentVersion\\Run";
        return this.entity(kind, { friendlyName: key, hive: r?.hive ?? "HKEY_CURRENT_USER", key });
      }
      case "RegistryValue": {
        const r = this.source.registry;
        const p: Record<string, unknown> = {
          friendlyName: r?.valueName ?? "Updater", valueName: r?.valueName ?? "Updater",
          valueData: r ? r.valueData(c) : "C:\\ProgramData\\update.exe", valueType: "String",
        };
        const key = refOf(list, "RegistryKey");
        if (key) p.keyEntityId = key;
        return this.entity(kind, p);
      }
      case "SecurityGroup": {
        const group = this.group();
        return this.entity(kind, {
          friendlyName: group, distinguishedName: `CN=${group},CN=Users,DC=corp,DC=contoso,DC=com`,
          objectGuid: rng.guid(), sid: `${ORG.sidPrefix}-${rng.int(500, 1200)}`,
        });
      }
      default:
        return this.entity(kind, { friendlyName: kind });
    }
  }
}
