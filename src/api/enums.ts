// Enums of the Microsoft.SecurityInsights 2025-12-01 definition. Each array is
// compared against the spec file by test/api/enums.test.ts, so they cannot drift.

export const IncidentSeverity = ["High", "Medium", "Low", "Informational"] as const;
export type IncidentSeverity = (typeof IncidentSeverity)[number];

export const IncidentStatus = ["New", "Active", "Closed"] as const;
export type IncidentStatus = (typeof IncidentStatus)[number];

export const IncidentClassification = ["Undetermined", "TruePositive", "BenignPositive", "FalsePositive"] as const;
export type IncidentClassification = (typeof IncidentClassification)[number];

export const IncidentClassificationReason = [
  "SuspiciousActivity",
  "SuspiciousButExpected",
  "IncorrectAlertLogic",
  "InaccurateData",
] as const;
export type IncidentClassificationReason = (typeof IncidentClassificationReason)[number];

export const IncidentLabelType = ["User", "AutoAssigned"] as const;
export type IncidentLabelType = (typeof IncidentLabelType)[number];

export const OwnerType = ["Unknown", "User", "Group"] as const;
export type OwnerType = (typeof OwnerType)[number];

export const IncidentTaskStatus = ["New", "Completed"] as const;
export type IncidentTaskStatus = (typeof IncidentTaskStatus)[number];

export const AlertSeverity = ["High", "Medium", "Low", "Informational"] as const;
export type AlertSeverity = (typeof AlertSeverity)[number];

export const AttackTactic = [
  "Reconnaissance",
  "ResourceDevelopment",
  "InitialAccess",
  "Execution",
  "Persistence",
  "PrivilegeEscalation",
  "DefenseEvasion",
  "CredentialAccess",
  "Discovery",
  "LateralMovement",
  "Collection",
  "Exfiltration",
  "CommandAndControl",
  "Impact",
  "PreAttack",
  "ImpairProcessControl",
  "InhibitResponseFunction",
] as const;
export type AttackTactic = (typeof AttackTactic)[number];

export const EntityKind = [
  "Account",
  "Host",
  "File",
  "AzureResource",
  "CloudApplication",
  "DnsResolution",
  "FileHash",
  "Ip",
  "Malware",
  "Process",
  "RegistryKey",
  "RegistryValue",
  "SecurityGroup",
  "Url",
  "IoTDevice",
  "SecurityAlert",
  "Bookmark",
  "Mailbox",
  "MailCluster",
  "MailMessage",
  "SubmissionMail",
] as const;
export type EntityKind = (typeof EntityKind)[number];

export const AlertStatus = ["Unknown", "New", "Resolved", "Dismissed", "InProgress"] as const;
export type AlertStatus = (typeof AlertStatus)[number];

export const ConfidenceLevel = ["Unknown", "Low", "High"] as const;
export type ConfidenceLevel = (typeof ConfidenceLevel)[number];

/**
 * Which classification reasons the service accepts with each classification when
 * an incident is closed (Undetermined takes none).
 */
export const ReasonsForClassification: Readonly<Record<IncidentClassification, readonly IncidentClassificationReason[]>> = {
  TruePositive: ["SuspiciousActivity"],
  BenignPositive: ["SuspiciousButExpected"],
  FalsePositive: ["IncorrectAlertLogic", "InaccurateData"],
  Undetermined: [],
};

/** The reason a classification takes when it allows exactly one (it is then no choice, so need not be asked for). */
export function onlyReasonFor(classification: IncidentClassification): IncidentClassificationReason | undefined {
  const allowed = ReasonsForClassification[classification];
  return allowed.length === 1 ? allowed[0] : undefined;
}

/** Returns the canonical spelling of `value` in `allowed`, matching case-insensitively. */
export function canonicalEnum<T extends string>(allowed: readonly T[], value: string): T | undefined {
  const exact = allowed.find((a) => a === value);
  if (exact) return exact;
  const lower = value.toLowerCase();
  return allowed.find((a) => a.toLowerCase() === lower);
}

export const FileHashAlgorithm = ["Unknown", "MD5", "SHA1", "SHA256", "SHA256AC"] as const;
export type FileHashAlgorithm = (typeof FileHashAlgorithm)[number];

export const OSFamily = ["Linux", "Windows", "Android", "IOS", "Unknown"] as const;
export type OSFamily = (typeof OSFamily)[number];

export const KillChainIntent = [
  "Unknown",
  "Probing",
  "Exploitation",
  "Persistence",
  "PrivilegeEscalation",
  "DefenseEvasion",
  "CredentialAccess",
  "Discovery",
  "LateralMovement",
  "Execution",
  "Collection",
  "Exfiltration",
  "CommandAndControl",
  "Impact",
] as const;
export type KillChainIntent = (typeof KillChainIntent)[number];

export const ConfidenceScoreStatus = ["NotApplicable", "InProcess", "NotFinal", "Final"] as const;
export type ConfidenceScoreStatus = (typeof ConfidenceScoreStatus)[number];

/** Every enum above, keyed by its `x-ms-enum` name in the spec. */
export const SpecEnums: Readonly<Record<string, readonly string[]>> = {
  IncidentSeverity,
  IncidentStatus,
  IncidentClassification,
  IncidentClassificationReason,
  IncidentLabelType,
  OwnerType,
  IncidentTaskStatus,
  AlertSeverity,
  AttackTactic,
  EntityKindEnum: EntityKind,
  AlertStatus,
  ConfidenceLevel,
  FileHashAlgorithm,
  OSFamily,
  KillChainIntent,
  ConfidenceScoreStatus,
};
