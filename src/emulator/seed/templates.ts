// What an alert template says, and the full list of them. A template is one kind
// of detection of one product: its wording, MITRE mapping and the entity kinds its
// alerts carry. The wording is functions over the cast, not format strings, so
// filling one in costs a template literal and nothing more.
import type { AlertSeverity, AttackTactic, EntityKind } from "../../api/enums.js";
import type { Cast } from "./cast.js";
import type { FileCategory, Product } from "./catalog.js";
import { CLOUD_TEMPLATES } from "./templatesCloud.js";
import { ENDPOINT_TEMPLATES } from "./templatesEndpoint.js";

export interface ProcessSpec {
  image: string;
  commandLine: (c: Cast) => string;
}

/** What the alert is about: drives `compromisedEntity` and the "on one endpoint" wording. */
export type Focus = "host" | "user" | "mailbox" | "resource";

export interface AlertTemplate {
  /** Stable key; also names the analytics rule a Sentinel detection comes from. */
  key: string;
  product: Product;
  /** The alert display name, generic as the products word it. */
  name: string;
  /** A title naming the entity, used for incidents of one alert. */
  title?: (c: Cast) => string;
  alertType: string;
  description: (c: Cast) => string;
  tactics: readonly AttackTactic[];
  techniques: readonly string[];
  /** Entity kinds in build order: a kind another refers to (Host before Process) comes first. A repeated kind takes the cast's second value. */
  kinds: readonly EntityKind[];
  focus: Focus;
  /** The usual severity; the drawn one scatters around it. */
  severity: AlertSeverity;
  process?: readonly ProcessSpec[];
  file?: FileCategory;
  linux?: boolean;
  /** The second Host is the domain controller rather than another workstation. */
  targetsDc?: boolean;
  registry?: { hive: string; key: string; valueName: string; valueData: (c: Cast) => string };
  /** Labels an analyst would typically put on such an incident. */
  labels?: readonly string[];
  remediation?: readonly string[];
}

export const TEMPLATES: readonly AlertTemplate[] = [...ENDPOINT_TEMPLATES, ...CLOUD_TEMPLATES];

export const TEMPLATES_BY_PRODUCT: ReadonlyMap<Product, readonly AlertTemplate[]> = (() => {
  const map = new Map<Product, AlertTemplate[]>();
  for (const t of TEMPLATES) {
    const list = map.get(t.product) ?? [];
    list.push(t);
    map.set(t.product, list);
  }
  return map;
})();

/** The kill-chain order, so the alerts of a multi-stage incident unfold in a sensible sequence. */
export const TACTIC_ORDER: Readonly<Record<AttackTactic, number>> = {
  Reconnaissance: 0,
  ResourceDevelopment: 1,
  PreAttack: 2,
  InitialAccess: 3,
  Execution: 4,
  Persistence: 5,
  PrivilegeEscalation: 6,
  DefenseEvasion: 7,
  CredentialAccess: 8,
  Discovery: 9,
  LateralMovement: 10,
  Collection: 11,
  CommandAndControl: 12,
  Exfiltration: 13,
  Impact: 14,
  ImpairProcessControl: 15,
  InhibitResponseFunction: 16,
};

/** Tactic names as Defender XDR writes them in "Multi-stage incident involving …" titles. */
export const TACTIC_TITLE: Readonly<Record<AttackTactic, string>> = {
  Reconnaissance: "Reconnaissance",
  ResourceDevelopment: "Resource development",
  PreAttack: "Pre-attack",
  InitialAccess: "Initial access",
  Execution: "Execution",
  Persistence: "Persistence",
  PrivilegeEscalation: "Privilege escalation",
  DefenseEvasion: "Defense evasion",
  CredentialAccess: "Credential access",
  Discovery: "Discovery",
  LateralMovement: "Lateral movement",
  Collection: "Collection",
  CommandAndControl: "Command and control",
  Exfiltration: "Exfiltration",
  Impact: "Impact",
  ImpairProcessControl: "Impair process control",
  InhibitResponseFunction: "Inhibit response function",
};
