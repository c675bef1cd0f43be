// One SecurityAlert entity, shaped like examples/incidents/GetAllIncidentAlerts.json,
// with its entities from the incident's pool.
import type { AlertSeverity, AlertStatus, AttackTactic, ConfidenceLevel, EntityKind, KillChainIntent } from "../../api/enums.js";
import type { SecurityAlert, SecurityAlertProperties } from "../../api/models.js";
import { ResourceTypes } from "../../api/models.js";
import type { Cast } from "./cast.js";
import { Products } from "./catalog.js";
import type { EntityPool } from "./entities.js";
import { type Rng, weightedTable } from "./random.js";
import type { AlertTemplate } from "./templates.js";
import type { SeedAlert } from "./types.js";
import type { World } from "./world.js";

export interface AlertPlan {
  template: AlertTemplate;
  severity: AlertSeverity;
  status: AlertStatus;
  startMs: number;
  endMs: number;
  generatedMs: number;
  processedMs: number;
  /** The alert is about the cast's second host (the attacker moved on). */
  swapHosts: boolean;
}

export interface AlertContext {
  rng: Rng;
  world: World;
  cast: Cast;
  pool: EntityPool;
  idPrefix: string;
}

const CONFIDENCE = weightedTable<ConfidenceLevel>([["Unknown", 60], ["High", 25], ["Low", 15]]);

const INTENT: Partial<Record<AttackTactic, KillChainIntent>> = {
  Reconnaissance: "Probing",
  InitialAccess: "Exploitation",
  Execution: "Execution",
  Persistence: "Persistence",
  PrivilegeEscalation: "PrivilegeEscalation",
  DefenseEvasion: "DefenseEvasion",
  CredentialAccess: "CredentialAccess",
  Discovery: "Discovery",
  LateralMovement: "LateralMovement",
  Collection: "Collection",
  Exfiltration: "Exfiltration",
  CommandAndControl: "CommandAndControl",
  Impact: "Impact",
};

const iso = (ms: number) => new Date(ms).toISOString();

/** Real alerts of one detection differ a little in what they map; so do ours. */
function kindsFor(rng: Rng, kinds: readonly EntityKind[]): readonly EntityKind[] {
  if (kinds.length > 2 && rng.chance(0.2)) return kinds.slice(0, -1);
  if (kinds.length < 6 && !kinds.includes("Ip") && rng.chance(0.2)) return [...kinds, "Ip"];
  return kinds;
}

function compromisedEntity(t: AlertTemplate, c: Cast, swapHosts: boolean): string {
  switch (t.focus) {
    case "host": return (swapHosts ? c.host2 : c.host).hostName;
    case "user": return c.user.upn;
    case "mailbox": return c.user.email;
    case "resource": return t.kinds[0] === "Host" ? c.host.hostName : c.resource.name;
  }
}

function providerAlertId(rng: Rng, t: AlertTemplate, ms: number, systemAlertId: string): string {
  switch (t.product) {
    case Products.sentinel: return systemAlertId;
    // Defender for Cloud ids start with reversed .NET ticks, so newer alerts sort first.
    case Products.mdc: return `25${9_999_999_999_999 - ms}${rng.int(100000, 999999)}_${rng.guid()}`;
    default: return `da${Math.floor(ms / 10) + 638000000000000}${rng.int(100000, 999999)}_${-rng.int(100000000, 2100000000)}`;
  }
}

export function buildAlert(ctx: AlertContext, plan: AlertPlan): SeedAlert {
  const { rng, world, cast } = ctx;
  const t = plan.template;
  const name = rng.guid();
  const tactics = t.tactics.slice();
  const props: SecurityAlertProperties = {
    systemAlertId: name,
    alertDisplayName: t.name,
    alertType: t.alertType,
    productName: t.product,
    vendorName: "Microsoft",
    severity: plan.severity,
    status: plan.status,
    confidenceLevel: rng.weighted(CONFIDENCE),
    tactics,
    techniques: t.techniques.slice(),
    intent: INTENT[tactics[0]!] ?? "Unknown",
    startTimeUtc: iso(plan.startMs),
    endTimeUtc: iso(plan.endMs),
    timeGenerated: iso(plan.generatedMs),
    processingEndTime: iso(plan.processedMs),
    description: t.description(cast),
    compromisedEntity: compromisedEntity(t, cast, plan.swapHosts),
    friendlyName: t.name,
    resourceIdentifiers: [
      { type: "LogAnalytics", workspaceId: world.workspaceId, subscriptionId: world.workspace.subscriptionId, resourceGroup: world.workspace.resourceGroup },
    ],
    additionalData: { AlertMessageEnqueueTime: iso(plan.processedMs) },
  };
  const providerId = providerAlertId(rng, t, plan.startMs, name);
  props.providerAlertId = providerId;
  if (t.product === Products.sentinel) props.productComponentName = "Scheduled Alerts";
  else if (t.product === Products.mdc) {
    props.resourceIdentifiers!.push({ type: "AzureResource", azureResourceId: t.kinds[0] === "Host" && cast.host.azureID ? cast.host.azureID : cast.resource.resourceId });
    props.alertLink = `https://portal.azure.com/#blade/Microsoft_Azure_Security_AzureDefenderForData/AlertBlade/alertId/${providerId}/subscriptionId/${cast.resource.subscriptionId}`;
  } else props.alertLink = `https://security.microsoft.com/alerts/${providerId}`;
  if (t.remediation) props.remediationSteps = t.remediation.slice();
  const alert: SecurityAlert = { id: ctx.idPrefix + name, name, type: ResourceTypes.entity, kind: "SecurityAlert", properties: props };
  const entities = ctx.pool.entitiesFor(t, kindsFor(rng, t.kinds), plan.swapHosts, plan.startMs);
  return { alert, entities };
}
