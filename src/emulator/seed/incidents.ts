// One incident: which detections fired, in what order, on whom, and how the SOC
// handled it. Titles follow the products: a single detection's name, or Defender
// XDR's "Multi-stage incident involving …" when it correlated several.
import type { AlertSeverity, AlertStatus, IncidentSeverity, IncidentStatus } from "../../api/enums.js";
import type { IncidentProperties } from "../../api/models.js";
import { buildAlert, type AlertContext, type AlertPlan } from "./alerts.js";
import { makeCast } from "./cast.js";
import { Products, XDR_PRODUCTS, type Product } from "./catalog.js";
import { EntityPool } from "./entities.js";
import { closure, comments, lastModified, ownerInfo, pickLabels, pickOwner, SEVERITY_AROUND, statusByAge } from "./lifecycle.js";
import { type Rng, weightedTable } from "./random.js";
import { TACTIC_ORDER, TACTIC_TITLE, TEMPLATES, TEMPLATES_BY_PRODUCT, type AlertTemplate } from "./templates.js";
import type { SeedIncident } from "./types.js";
import type { World } from "./world.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const XDR_PROVIDER = "Microsoft 365 Defender";
export const SENTINEL_PROVIDER = "Azure Sentinel";

export interface IncidentContext {
  world: World;
  /** Analytics rule ids by template key (scheduled rules) or product name (Microsoft incident creation rules). */
  rules: ReadonlyMap<string, string>;
  idPrefix: string;
  nowMs: number;
  /** Workspace bookmark names, oldest first. */
  bookmarkNames: readonly string[];
}

const PRODUCTS = weightedTable<Product>([
  [Products.mde, 26], [Products.idp, 14], [Products.mdca, 10], [Products.mdo, 15], [Products.mdi, 7], [Products.mdc, 8], [Products.sentinel, 20],
]);
const ALERT_COUNT = weightedTable([[1, 50], [2, 22], [3, 13], [4, 9], [5, 6]]);
const ACTIVITY_SPAN = weightedTable([[5 * MINUTE, 35], [HOUR, 30], [8 * HOUR, 20], [3 * DAY, 15]]);
const LOWER: Readonly<Record<AlertSeverity, AlertSeverity>> = { High: "Medium", Medium: "Low", Low: "Informational", Informational: "Informational" };

const windowsOnly = (list: readonly AlertTemplate[]) => list.filter((t) => !t.linux);
const SAME_PRODUCT = new Map([...TEMPLATES_BY_PRODUCT].map(([p, list]) => [p, windowsOnly(list)] as const));
const XDR_TEMPLATES = windowsOnly(TEMPLATES.filter((t) => XDR_PRODUCTS.includes(t.product)));
const LINUX_TEMPLATES = TEMPLATES.filter((t) => t.linux);

function followUp(rng: Rng, primary: AlertTemplate, xdr: boolean): AlertTemplate {
  if (primary.linux) return rng.chance(0.6) ? primary : rng.pick(LINUX_TEMPLATES);
  if (xdr) return rng.chance(0.3) ? primary : rng.chance(0.5) ? rng.pick(SAME_PRODUCT.get(primary.product)!) : rng.pick(XDR_TEMPLATES);
  // A Sentinel rule groups its own alerts into one incident; another rule joins only now and then.
  return rng.chance(primary.product === Products.sentinel ? 0.85 : 0.6) ? primary : rng.pick(SAME_PRODUCT.get(primary.product)!);
}

function alertStatus(rng: Rng, status: IncidentStatus, falsePositive: boolean): AlertStatus {
  if (status === "Closed") return falsePositive && rng.chance(0.7) ? "Dismissed" : "Resolved";
  if (status === "Active") return rng.chance(0.6) ? "InProgress" : "New";
  return "New";
}

function multiStageTitle(templates: readonly AlertTemplate[], plans: readonly AlertPlan[]): string {
  const tactics = [...new Set(templates.flatMap((t) => t.tactics))].sort((a, b) => TACTIC_ORDER[a] - TACTIC_ORDER[b]);
  const onHosts = templates.some((t) => t.focus === "host" || t.kinds.includes("Host"));
  const hostCount = (t: AlertTemplate) => t.kinds.filter((k) => k === "Host").length;
  const several = plans.some((p) => hostCount(p.template) > 1 || (p.swapHosts && hostCount(p.template) > 0));
  const hosts = several ? "multiple endpoints" : "one endpoint";
  const where = onHosts ? `on ${hosts}` : "involving one user";
  const sources = new Set(templates.map((t) => t.product)).size > 1 ? " reported by multiple sources" : "";
  if (tactics.length < 2) return `Multi-stage incident ${where}${sources}`;
  return `Multi-stage incident involving ${TACTIC_TITLE[tactics[0]!]} & ${TACTIC_TITLE[tactics[tactics.length - 1]!]} ${where}${sources}`;
}

export function makeIncident(rng: Rng, ctx: IncidentContext, createdMs: number, position: number): SeedIncident {
  const { world, nowMs } = ctx;
  const product = rng.weighted(PRODUCTS);
  const primary = rng.pick(TEMPLATES_BY_PRODUCT.get(product)!);
  const xdr = XDR_PRODUCTS.includes(product) && rng.chance(0.4);
  const cast = makeCast(rng, world, primary.linux ? "linux" : primary.product === Products.mdc && primary.kinds[0] === "Host" ? "azure" : "windows");
  const count = rng.weighted(ALERT_COUNT);
  const templates = [primary];
  for (let i = 1; i < count; i++) templates.push(followUp(rng, primary, xdr));
  // The alerts unfold along the kill chain (sort is stable, so repeats keep their order).
  if (count > 1) templates.sort((a, b) => TACTIC_ORDER[a.tactics[0]!] - TACTIC_ORDER[b.tactics[0]!]);

  const severity: IncidentSeverity = rng.weighted(SEVERITY_AROUND[primary.severity]);
  const status = statusByAge(rng, nowMs - createdMs);
  const closed = status === "Closed" ? closure(rng, product, cast) : undefined;

  // Activity ends a processing lag before the incident is created.
  const lag = rng.int(1, 30) * MINUTE;
  const span = Math.floor(rng.weighted(ACTIVITY_SPAN) * (0.2 + 0.8 * rng.float()));
  const first = createdMs - lag - span;
  const slot = span / count;
  const topAlert = rng.int(0, count - 1);
  const plans: AlertPlan[] = templates.map((template, k) => {
    const startMs = Math.floor(first + k * slot + rng.float() * slot * 0.5);
    const endMs = Math.floor(startMs + rng.float() * slot * 0.5);
    const generatedMs = Math.floor(endMs + rng.float() * lag * 0.5);
    return {
      template,
      severity: k === topAlert || rng.chance(0.6) ? severity : LOWER[severity],
      status: alertStatus(rng, status, closed?.classification === "FalsePositive"),
      startMs,
      endMs,
      generatedMs,
      processedMs: Math.floor(generatedMs + rng.float() * lag * 0.4),
      swapHosts: k > 0 && rng.chance(0.25),
    };
  });
  const pool = new EntityPool(rng, world, cast, ctx.idPrefix);
  const alertCtx: AlertContext = { rng, world, cast, pool, idPrefix: ctx.idPrefix };
  const alerts = plans.map((plan) => buildAlert(alertCtx, plan));

  const distinct = new Set(templates).size > 1;
  let title: string;
  let description: string;
  if (distinct && xdr) {
    title = multiStageTitle(templates, plans);
    const names = [...new Set(templates.map((t) => t.name))];
    description = `${count} correlated alerts, starting with "${names[0]}" and followed by ${names.length - 1} other detection${names.length > 2 ? "s" : ""}.`;
  } else {
    const scope = primary.focus === "host" ? " on one endpoint" : " involving one user";
    title = xdr && rng.chance(0.5) ? primary.name + scope : primary.title && rng.chance(0.6) ? primary.title(cast) : primary.name;
    description = primary.description(cast);
  }

  const modifiedMs = lastModified(rng, status, createdMs, nowMs);
  const owner = pickOwner(rng, status);
  const properties: SeedIncident["properties"] = {
    title,
    description,
    severity,
    status,
    firstActivityTimeUtc: new Date(plans[0]!.startMs).toISOString(),
    lastActivityTimeUtc: new Date(Math.max(...plans.map((p) => p.endMs))).toISOString(),
    labels: pickLabels(rng, primary.labels),
  };
  if (owner) properties.owner = ownerInfo(owner);
  if (closed) Object.assign(properties, closed satisfies Partial<IncidentProperties>);

  const ruleIds: string[] = [];
  if (!xdr) {
    for (const t of templates) {
      const id = ctx.rules.get(t.product === Products.sentinel ? t.key : t.product)!;
      if (!ruleIds.includes(id) && ruleIds.length < 2) ruleIds.push(id);
    }
  }

  return {
    name: rng.guid(),
    properties,
    createdTimeUtc: new Date(createdMs).toISOString(),
    lastModifiedTimeUtc: new Date(modifiedMs).toISOString(),
    providerName: xdr ? XDR_PROVIDER : SENTINEL_PROVIDER,
    relatedAnalyticRuleIds: ruleIds,
    alerts,
    comments: comments(rng, status, product, cast, owner, createdMs, status === "Closed" ? modifiedMs : nowMs),
    bookmarkNames: linkBookmarks(rng, ctx.bookmarkNames, position),
  };
}

/** About one incident in ten links a bookmark or two, taken from hunts around the same time. */
function linkBookmarks(rng: Rng, names: readonly string[], position: number): string[] {
  if (names.length === 0 || !rng.chance(0.1)) return [];
  const near = Math.min(names.length - 1, Math.floor(position * names.length));
  const pickNear = () => names[Math.max(0, Math.min(names.length - 1, near + rng.int(-5, 5)))]!;
  const first = pickNear();
  if (rng.chance(0.75) || names.length < 2) return [first];
  let second = pickNear();
  while (second === first) second = rng.pick(names);
  return [first, second];
}
