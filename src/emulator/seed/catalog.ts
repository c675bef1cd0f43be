// The raw material of a believable SOC: names, machines, networks, files and tools.
// Addresses stay in the documentation ranges (RFC 5737) and private space, and the
// attacker domains are invented, so no seeded incident points at a real party.

export const Products = {
  mde: "Microsoft Defender for Endpoint",
  idp: "Microsoft Entra ID Protection",
  mdca: "Microsoft Defender for Cloud Apps",
  mdo: "Microsoft Defender for Office 365",
  mdi: "Microsoft Defender for Identity",
  mdc: "Microsoft Defender for Cloud",
  sentinel: "Azure Sentinel",
} as const;
export type Product = (typeof Products)[keyof typeof Products];

/** Products whose incidents Microsoft Defender XDR correlates and can own. */
export const XDR_PRODUCTS: readonly Product[] = [Products.mde, Products.idp, Products.mdca, Products.mdo, Products.mdi];

export const ORG = {
  domain: "contoso.com",
  dnsDomain: "corp.contoso.com",
  ntDomain: "CONTOSO",
  // The domain part of every on-premises SID in the tenant.
  sidPrefix: "S-1-5-21-1004336348-1177238915-682003330",
} as const;

export const GIVEN_NAMES = [
  "Adele", "Alex", "Allan", "Christie", "Debra", "Diego", "Emily", "Enrico", "Gerhart", "Grady",
  "Henrietta", "Irvin", "Isaiah", "Johanna", "Joni", "Lee", "Lidia", "Lynne", "Megan", "Miriam",
  "Nestor", "Patti", "Pradeep", "Raul", "Sofia", "Tomas", "Wanda", "Yara", "Kenji", "Amara",
  "Priya", "Oliver", "Fatima", "Lucas", "Ingrid", "Mateo", "Chloe", "Samuel", "Hannah", "Ravi",
];

export const SURNAMES = [
  "Vance", "Wilber", "Deen", "Cline", "Berg", "Siciliani", "Braun", "Catteneo", "Mora", "Archie",
  "Horvath", "Sink", "Langer", "Lauer", "Sherman", "Gu", "Holloway", "Robbins", "Bowen", "Graham",
  "Wilke", "Fernandez", "Gupta", "Razo", "Ramirez", "Novak", "Olsen", "Haddad", "Tanaka", "Okafor",
  "Iyer", "Brennan", "Khan", "Moreau", "Lindqvist", "Rossi", "Dubois", "Levi", "Schmidt", "Menon",
];

export const DEPARTMENTS = ["Finance", "HR", "Engineering", "Sales", "Legal", "Marketing", "IT", "Executive"];

/** Accounts attackers love: service and admin identities outside the people directory. */
export const SERVICE_ACCOUNTS = ["svc-sql", "svc-backup", "svc-adsync", "svc-sharepoint", "administrator", "helpdesk-admin", "svc-veeam", "adm-jsmith"];

export interface HostFamily {
  prefix: string;
  os: "Windows" | "Linux";
  osVersions: readonly string[];
  server: boolean;
  /** Runs in Azure, so it has an azureID. */
  cloud: boolean;
  count: number;
}

export const HOST_FAMILIES: readonly HostFamily[] = [
  { prefix: "WS-FIN-", os: "Windows", osVersions: ["Windows 11 Enterprise 23H2", "Windows 10 Enterprise 22H2"], server: false, cloud: false, count: 60 },
  { prefix: "WS-HR-", os: "Windows", osVersions: ["Windows 11 Enterprise 23H2", "Windows 10 Enterprise 22H2"], server: false, cloud: false, count: 30 },
  { prefix: "WS-ENG-", os: "Windows", osVersions: ["Windows 11 Enterprise 24H2", "Windows 11 Enterprise 23H2"], server: false, cloud: false, count: 80 },
  { prefix: "LT-SALES-", os: "Windows", osVersions: ["Windows 11 Pro 23H2", "Windows 11 Enterprise 23H2"], server: false, cloud: false, count: 50 },
  { prefix: "LT-EXEC-", os: "Windows", osVersions: ["Windows 11 Enterprise 24H2"], server: false, cloud: false, count: 12 },
  { prefix: "SRV-SQL-", os: "Windows", osVersions: ["Windows Server 2019 Datacenter", "Windows Server 2022 Datacenter"], server: true, cloud: true, count: 12 },
  { prefix: "SRV-FS-", os: "Windows", osVersions: ["Windows Server 2019 Standard", "Windows Server 2022 Standard"], server: true, cloud: false, count: 6 },
  { prefix: "SRV-DC-", os: "Windows", osVersions: ["Windows Server 2022 Datacenter"], server: true, cloud: false, count: 4 },
  { prefix: "SRV-WEB-", os: "Windows", osVersions: ["Windows Server 2022 Datacenter"], server: true, cloud: true, count: 10 },
  { prefix: "VM-APP-", os: "Windows", osVersions: ["Windows Server 2022 Datacenter: Azure Edition"], server: true, cloud: true, count: 20 },
  { prefix: "LNX-WEB-", os: "Linux", osVersions: ["Ubuntu 22.04 LTS", "Ubuntu 24.04 LTS"], server: true, cloud: true, count: 16 },
  { prefix: "LNX-K8S-", os: "Linux", osVersions: ["Ubuntu 22.04 LTS", "Azure Linux 2.0"], server: true, cloud: true, count: 12 },
];

export interface Place {
  countryCode: string;
  countryName: string;
  state: string;
  city: string;
  latitude: number;
  longitude: number;
}

export const PLACES: readonly Place[] = [
  { countryCode: "US", countryName: "united states", state: "Washington", city: "Redmond", latitude: 47.674, longitude: -122.121 },
  { countryCode: "US", countryName: "united states", state: "Virginia", city: "Ashburn", latitude: 39.043, longitude: -77.487 },
  { countryCode: "US", countryName: "united states", state: "Texas", city: "Dallas", latitude: 32.776, longitude: -96.797 },
  { countryCode: "GB", countryName: "united kingdom", state: "England", city: "London", latitude: 51.507, longitude: -0.128 },
  { countryCode: "DE", countryName: "germany", state: "Hessen", city: "Frankfurt am Main", latitude: 50.11, longitude: 8.682 },
  { countryCode: "NL", countryName: "netherlands", state: "Noord-Holland", city: "Amsterdam", latitude: 52.368, longitude: 4.904 },
  { countryCode: "FR", countryName: "france", state: "Ile-de-France", city: "Paris", latitude: 48.857, longitude: 2.352 },
  { countryCode: "RU", countryName: "russia", state: "Moscow", city: "Moscow", latitude: 55.756, longitude: 37.617 },
  { countryCode: "CN", countryName: "china", state: "Beijing", city: "Beijing", latitude: 39.904, longitude: 116.407 },
  { countryCode: "NG", countryName: "nigeria", state: "Lagos", city: "Lagos", latitude: 6.524, longitude: 3.379 },
  { countryCode: "BR", countryName: "brazil", state: "Sao Paulo", city: "Sao Paulo", latitude: -23.55, longitude: -46.633 },
  { countryCode: "IN", countryName: "india", state: "Karnataka", city: "Bengaluru", latitude: 12.972, longitude: 77.595 },
  { countryCode: "SG", countryName: "singapore", state: "Singapore", city: "Singapore", latitude: 1.352, longitude: 103.82 },
  { countryCode: "RO", countryName: "romania", state: "Bucuresti", city: "Bucharest", latitude: 44.427, longitude: 26.103 },
  { countryCode: "VN", countryName: "vietnam", state: "Ho Chi Minh", city: "Ho Chi Minh City", latitude: 10.823, longitude: 106.63 },
  { countryCode: "JP", countryName: "japan", state: "Tokyo", city: "Tokyo", latitude: 35.676, longitude: 139.65 },
];

/** The documentation networks of RFC 5737: public-looking, owned by nobody. */
export const PUBLIC_NETWORKS = ["203.0.113", "198.51.100", "192.0.2"];

export const THREAT_TYPES = [
  { threatType: "Botnet", threatName: "Emotet", threatDescription: "IP address hosts Emotet botnet command and control." },
  { threatType: "C2", threatName: "Cobalt Strike", threatDescription: "Known Cobalt Strike team server." },
  { threatType: "Proxy", threatName: "Tor exit node", threatDescription: "IP address is a Tor exit node." },
  { threatType: "MaliciousUrl", threatName: "Phishing infrastructure", threatDescription: "Hosts credential phishing pages imitating Microsoft 365." },
  { threatType: "Scanner", threatName: "Mass scanner", threatDescription: "Source of widespread RDP and SSH brute-force attempts." },
];

/** Invented look-alike and throwaway domains (the style of real phishing and C2 infrastructure). */
export const ATTACKER_DOMAINS = [
  "contoso-payroll-portal.com", "login-micros0ftonline.net", "secure-docshare-view.com", "office365-verify-account.info",
  "cdn-update-check.xyz", "windows-telemetry-sync.net", "fabrikam-invoices.com", "dropbox-file-transfer.co",
  "teams-meeting-join.link", "sharepoint-contoso-files.com", "azure-status-alerts.net", "m365-mfa-reset.com",
  "tailspin-logistics-track.net", "cloud-backup-restore.io", "vpn-contoso-access.com", "hr-benefits-enrollment.org",
];

export const MINING_POOLS = ["pool.minexmr-example.com", "xmr.pool-hub.net", "eth-stratum.mining-relay.io"];

export const URL_PATHS = [
  "/login.php?session=", "/wp-content/uploads/2024/invoice.zip?id=", "/secure/owa/auth.aspx?ref=", "/download/update.exe?v=",
  "/share/doc?token=", "/mfa/verify?user=", "/payload/a.ps1?k=", "/invoice/view?inv=",
];

export interface FileSpec {
  name: string;
  directory: string;
}

export type FileCategory = "ransomware" | "tool" | "lure" | "script" | "malware" | "miner" | "exfil";

export const FILES: Readonly<Record<FileCategory, readonly FileSpec[]>> = {
  ransomware: [
    { name: "svchosts.exe", directory: "C:\\ProgramData\\Microsoft\\Crypto" },
    { name: "locker.exe", directory: "C:\\Users\\Public\\Music" },
    { name: "READ_ME_RESTORE.txt.exe", directory: "C:\\Windows\\Temp" },
  ],
  tool: [
    { name: "mimikatz.exe", directory: "C:\\Users\\Public" },
    { name: "procdump64.exe", directory: "C:\\Windows\\Temp" },
    { name: "PsExec64.exe", directory: "C:\\ProgramData" },
    { name: "AdFind.exe", directory: "C:\\PerfLogs" },
    { name: "SharpHound.exe", directory: "C:\\Users\\Public\\Downloads" },
  ],
  lure: [
    { name: "Invoice_2024_0613.pdf.exe", directory: "C:\\Users\\{user}\\Downloads" },
    { name: "Q3_Bonus_Report.xlsm", directory: "C:\\Users\\{user}\\Downloads" },
    { name: "Payment_Advice.docm", directory: "C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook" },
    { name: "Shipping_Label.iso", directory: "C:\\Users\\{user}\\Downloads" },
    { name: "Voicemail_0342.html", directory: "C:\\Users\\{user}\\Downloads" },
  ],
  script: [
    { name: "update.ps1", directory: "C:\\Windows\\Temp" },
    { name: "run.bat", directory: "C:\\ProgramData" },
    { name: "init.vbs", directory: "C:\\Users\\{user}\\AppData\\Roaming" },
  ],
  malware: [
    { name: "WinUpdate.dll", directory: "C:\\Users\\{user}\\AppData\\Local\\Temp" },
    { name: "AnyDeskPortable.exe", directory: "C:\\Users\\{user}\\AppData\\Local\\Temp" },
    { name: "chrome_update.exe", directory: "C:\\Users\\{user}\\AppData\\Local\\Temp" },
  ],
  miner: [
    { name: "xmrig", directory: "/tmp/.X11-cache" },
    { name: "kdevtmpfsi", directory: "/tmp" },
  ],
  exfil: [
    { name: "rclone.exe", directory: "C:\\ProgramData\\USOShared" },
    { name: "Finance_Q3.7z", directory: "C:\\Windows\\Temp" },
  ],
};

export const MALWARE = {
  ransomware: [
    { malwareName: "Ransom:Win32/LockBit.MK!MTB", category: "Ransomware" },
    { malwareName: "Ransom:Win64/BlackCat.PA!MTB", category: "Ransomware" },
  ],
  malware: [
    { malwareName: "Trojan:Win32/Wacatac.B!ml", category: "Trojan" },
    { malwareName: "Backdoor:Win64/CobaltStrike.NP!dha", category: "Backdoor" },
    { malwareName: "TrojanDownloader:O97M/Qakbot.PDD!MTB", category: "TrojanDownloader" },
  ],
  tool: [
    { malwareName: "HackTool:Win32/Mimikatz.D", category: "HackTool" },
    { malwareName: "HackTool:Win32/SharpHound!MSR", category: "HackTool" },
  ],
  miner: [{ malwareName: "Trojan:Linux/CoinMiner.A!MTB", category: "CoinMiner" }],
} as const;

export interface CloudApp {
  appId: number;
  appName: string;
  instanceName?: string;
}

export const CLOUD_APPS: readonly CloudApp[] = [
  { appId: 20893, appName: "Microsoft Exchange Online" },
  { appId: 20892, appName: "Microsoft SharePoint Online", instanceName: "contoso.sharepoint.com" },
  { appId: 15600, appName: "Microsoft OneDrive for Business" },
  { appId: 28375, appName: "Microsoft Teams" },
  { appId: 12260, appName: "Microsoft Azure" },
  { appId: 11522, appName: "Salesforce", instanceName: "contoso.my.salesforce.com" },
  { appId: 10489, appName: "Box" },
  { appId: 11161, appName: "Office 365" },
];

export const AZURE_RESOURCE_KINDS = [
  { provider: "Microsoft.Storage/storageAccounts", names: ["stfinanceprod01", "stbackupweu02", "stdatalakeraw", "stlogsarchive"] },
  { provider: "Microsoft.KeyVault/vaults", names: ["kv-payments-prod", "kv-shared-secrets", "kv-ci-pipeline"] },
  { provider: "Microsoft.Sql/servers", names: ["sql-crm-prod", "sql-hr-weu", "sql-reporting"] },
  { provider: "Microsoft.Web/sites", names: ["app-customer-portal", "func-order-sync", "app-intranet"] },
  { provider: "Microsoft.ContainerService/managedClusters", names: ["aks-prod-weu", "aks-dev-neu"] },
];

export const RESOURCE_GROUPS = ["rg-prod-weu", "rg-finance", "rg-shared-services", "rg-dev", "rg-data-platform"];

export const SECURITY_GROUPS = ["Domain Admins", "Enterprise Admins", "Backup Operators", "Account Operators", "Exchange Organization Management", "Global Administrators"];

export const MAIL_SUBJECTS = [
  "Action required: your password expires today",
  "Outstanding invoice #INV-40231",
  "Shared document: Q3 bonus allocation",
  "You have a new voicemail (0:42)",
  "DocuSign: please review and sign",
  "Your parcel could not be delivered",
  "Urgent wire transfer request",
  "Microsoft 365: unusual sign-in activity",
];
