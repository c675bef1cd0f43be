// What threat hunters bookmark: a KQL query over a Sentinel table, the row it
// returned, and which of the row's columns map to entities (the `__entityMapping`
// the service keeps inside queryResult, as in examples/incidents/GetAllIncidentBookmarks.json).
import type { EntityKind } from "../../api/enums.js";
import type { Cast } from "./cast.js";
import { ORG, Products } from "./catalog.js";
import type { EntitySource } from "./entities.js";

export interface BookmarkTemplate extends EntitySource {
  displayName: (c: Cast, tag: string) => string;
  query: (c: Cast) => string;
  /** The bookmarked result row, without its entity mapping. */
  row: (c: Cast, eventTime: string) => Record<string, unknown>;
  /** Result values that are entities, with their kind. */
  mapping: (c: Cast) => Record<string, EntityKind>;
}

const upn = (c: Cast) => c.user.upn;
const sam = (c: Cast) => `${ORG.ntDomain}\\${c.user.accountName}`;

export const BOOKMARK_TEMPLATES: readonly BookmarkTemplate[] = [
  {
    key: "bm-signin", product: Products.idp, kinds: ["Account", "Ip"],
    displayName: (c) => `Suspicious sign-in from ${c.ip.address}`,
    query: (c) => `SigninLogs\n| where IPAddress == "${c.ip.address}"\n| where ResultType == 0\n| project TimeGenerated, UserPrincipalName, AppDisplayName, IPAddress, Location`,
    row: (c, t) => ({ TimeGenerated: t, UserPrincipalName: upn(c), AppDisplayName: c.app.appName, IPAddress: c.ip.address, Location: c.ip.place.countryCode }),
    mapping: (c) => ({ [upn(c)]: "Account", [c.ip.address]: "Ip" }),
  },
  {
    key: "bm-encoded-ps", product: Products.mde, kinds: ["Host", "Account", "Process"],
    process: [{ image: "powershell.exe", commandLine: () => "powershell.exe -NoP -W Hidden -Enc JABjAGwAaQBlAG4AdAAgAD0AIABOAGUAdwAtAE8AYgBqAGUAYwB0AA==" }],
    displayName: (c) => `Encoded PowerShell on ${c.host.hostName}`,
    query: (c) => `DeviceProcessEvents\n| where DeviceName startswith "${c.host.hostName.toLowerCase()}"\n| where FileName =~ "powershell.exe" and ProcessCommandLine has_any ("-enc", "-EncodedCommand")\n| project Timestamp, DeviceName, AccountName, ProcessCommandLine`,
    row: (c, t) => ({ Timestamp: t, DeviceName: `${c.host.hostName.toLowerCase()}.${ORG.dnsDomain}`, AccountName: c.user.accountName, ProcessCommandLine: "powershell.exe -NoP -W Hidden -Enc JABjAGwAaQBlAG4AdAAgAD0AIABOAGUAdwAtAE8AYgBqAGUAYwB0AA==" }),
    mapping: (c) => ({ [c.host.hostName]: "Host", [c.user.accountName]: "Account" }),
  },
  {
    key: "bm-logon-failures", product: Products.sentinel, kinds: ["Account", "Host", "Ip"],
    displayName: (c) => `Failed logons for ${c.user.accountName} on ${c.host.hostName}`,
    query: (c) => `SecurityEvent\n| where EventID == 4625\n| where TargetAccount =~ @"${sam(c)}"\n| summarize FailedLogons = count() by Computer, IpAddress, bin(TimeGenerated, 1h)`,
    row: (c, t) => ({ TimeGenerated: t, Computer: c.host.hostName, IpAddress: c.ip.address, FailedLogons: 20 + (c.variant % 200) }),
    mapping: (c) => ({ [sam(c)]: "Account", [c.host.hostName]: "Host", [c.ip.address]: "Ip" }),
  },
  {
    key: "bm-dns", product: Products.sentinel, kinds: ["Host", "DnsResolution", "Ip"],
    displayName: (c) => `DNS lookup of ${c.domain}`,
    query: (c) => `DnsEvents\n| where Name has "${c.domain}"\n| project TimeGenerated, Computer, Name, IPAddresses, ClientIP`,
    row: (c, t) => ({ TimeGenerated: t, Computer: c.host.hostName, Name: c.domain, IPAddresses: c.ip.address, ClientIP: c.host.internalIp }),
    mapping: (c) => ({ [c.host.hostName]: "Host", [c.domain]: "DnsResolution", [c.ip.address]: "Ip" }),
  },
  {
    key: "bm-inbox-rule", product: Products.mdca, kinds: ["Account", "Mailbox", "Ip"],
    displayName: (c) => `Inbox rule created by ${upn(c)}`,
    query: (c) => `OfficeActivity\n| where Operation in ("New-InboxRule", "Set-InboxRule")\n| where UserId =~ "${upn(c)}"\n| extend Parameters = tostring(Parameters)\n| project TimeGenerated, UserId, ClientIP, Parameters`,
    row: (c, t) => ({ TimeGenerated: t, UserId: upn(c), ClientIP: c.ip.address, Parameters: `[{"Name":"ForwardTo","Value":"archive@${c.domain}"}]` }),
    mapping: (c) => ({ [upn(c)]: "Account", [c.ip.address]: "Ip" }),
  },
  {
    key: "bm-mass-download", product: Products.mdca, kinds: ["Account", "CloudApplication", "Ip"],
    displayName: (c) => `Mass file download by ${upn(c)}`,
    query: (c) => `OfficeActivity\n| where Operation == "FileDownloaded"\n| where UserId =~ "${upn(c)}"\n| summarize Files = dcount(OfficeObjectId) by UserId, ClientIP, bin(TimeGenerated, 1h)\n| where Files > 100`,
    row: (c, t) => ({ TimeGenerated: t, UserId: upn(c), ClientIP: c.ip.address, Files: 120 + (c.variant % 900) }),
    mapping: (c) => ({ [upn(c)]: "Account", [c.ip.address]: "Ip" }),
  },
  {
    key: "bm-role-assignment", product: Products.sentinel, kinds: ["Account", "AzureResource", "Ip"],
    displayName: (c) => `Azure role assignment by ${upn(c)}`,
    query: () => `AzureActivity\n| where OperationNameValue =~ "MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE"\n| where ActivityStatusValue == "Success"\n| project TimeGenerated, Caller, CallerIpAddress, _ResourceId`,
    row: (c, t) => ({ TimeGenerated: t, Caller: upn(c), CallerIpAddress: c.ip.address, _ResourceId: c.resource.resourceId }),
    mapping: (c) => ({ [upn(c)]: "Account", [c.ip.address]: "Ip", [c.resource.resourceId]: "AzureResource" }),
  },
  {
    key: "bm-outbound", product: Products.mde, kinds: ["Host", "Ip", "Url"],
    displayName: (c) => `Outbound connection to ${c.ip.address} from ${c.host.hostName}`,
    query: (c) => `DeviceNetworkEvents\n| where RemoteIP == "${c.ip.address}"\n| project Timestamp, DeviceName, InitiatingProcessFileName, RemoteIP, RemotePort, RemoteUrl`,
    row: (c, t) => ({ Timestamp: t, DeviceName: c.host.hostName, InitiatingProcessFileName: "rundll32.exe", RemoteIP: c.ip.address, RemotePort: 443, RemoteUrl: c.url }),
    mapping: (c) => ({ [c.host.hostName]: "Host", [c.ip.address]: "Ip", [c.url]: "Url" }),
  },
  {
    key: "bm-hash", product: Products.mde, kinds: ["Host", "FileHash", "File"], file: "malware",
    displayName: (c, tag) => `File hash ${tag} seen on ${c.host.hostName}`,
    query: () => `DeviceFileEvents\n| where ActionType == "FileCreated"\n| join kind=inner (DeviceFileCertificateInfo | where IsSigned == false) on SHA1\n| project Timestamp, DeviceName, FileName, FolderPath, SHA256`,
    row: (c, t) => ({ Timestamp: t, DeviceName: c.host.hostName, FileName: "WinUpdate.dll", FolderPath: `C:\\Users\\${c.user.accountName}\\AppData\\Local\\Temp` }),
    mapping: (c) => ({ [c.host.hostName]: "Host" }),
  },
  {
    key: "bm-security-event", product: Products.sentinel, kinds: ["Account", "Host"],
    displayName: (_c, tag) => `SecurityEvent - ${tag}`,
    query: () => "SecurityEvent\r\n| take 1\n",
    row: (c, t) => ({
      TimeGenerated: t, Account: sam(c), AccountType: "User", Computer: c.host.hostName, EventSourceName: "Microsoft-Windows-Security-Auditing",
      Channel: "Security", Task: 12544, Level: "16", EventID: 4625, Activity: "4625 - An account failed to log on.",
      AuthenticationPackageName: "NTLM", IpAddress: c.ip.address, LogonType: 3, LogonTypeName: "3 - Network",
    }),
    mapping: (c) => ({ [sam(c)]: "Account", [c.host.hostName]: "Host" }),
  },
];

export const BOOKMARK_LABELS = ["hunting", "threat-intel", "follow-up", "phishing", "ransomware", "APT", "needs-review"];

export const BOOKMARK_NOTES = [
  "Found during the weekly hunt; worth a second look.",
  "Same pattern as the red team exercise last quarter.",
  "Matches an IOC from the latest threat intelligence report.",
  "Escalated to the incident response team.",
  "Benign so far; keep watching this account.",
  "Only hit in the last 30 days.",
];
