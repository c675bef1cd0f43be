// `sentinel incident update` and `sentinel incident close`.
import type { IncidentUpdate } from "../../client/update.js";
import type { CliContext, CommandResult } from "../context.js";
import { UsageError } from "../errors.js";
import { incidentCard } from "../output/views.js";
import { ownerFor } from "./triage.js";

/** `--owner` on a write is the old spelling of `--assign` (in list and bulk selection, --owner selects). */
export function deprecatedOwner(ctx: CliContext): void {
  ctx.io.stderr.write("sentinel: --owner is deprecated here and will be removed in the next minor version; use --assign (--owner now selects, in list and the bulk commands)\n");
}

export interface UpdateFlags {
  title?: string;
  description?: string;
  severity?: string;
  status?: string;
  classification?: string;
  reason?: string;
  classificationComment?: string;
  /** The owner to set ('none' unassigns). */
  assign?: string;
  /** Deprecated spelling of --assign, kept for one minor version. */
  owner?: string;
  addLabel?: string[];
  removeLabel?: string[];
  set?: string[];
}

/**
 * The update the flags ask for. Values are as typed (--set keys are free text), so the
 * type is a promise the library keeps at run time: it checks every key and value before any request.
 */
export function updateItems(flags: UpdateFlags): IncidentUpdate {
  const items: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined) items[key] = value;
  };
  put("title", flags.title);
  put("description", flags.description);
  put("severity", flags.severity);
  put("status", flags.status);
  put("classification", flags.classification);
  put("classificationReason", flags.reason);
  put("classificationComment", flags.classificationComment);
  const owner = flags.assign ?? flags.owner;
  if (flags.assign !== undefined && flags.owner !== undefined) throw new UsageError("give --assign only (--owner is its old, deprecated name)");
  if (owner !== undefined) items.owner = owner.toLowerCase() === "none" ? null : owner;
  if (flags.addLabel?.length) items.addLabels = flags.addLabel;
  if (flags.removeLabel?.length) items.removeLabels = flags.removeLabel;
  for (const pair of flags.set ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set takes key=value, e.g. --set severity=High; got '${pair}'`);
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    // JSON values (lists, objects, null) pass through; anything else is a string.
    if (/^[[{]|^null$/.test(raw.trim())) {
      try {
        value = JSON.parse(raw);
      } catch {
        throw new UsageError(`--set ${key}=… is not valid JSON: ${raw}`);
      }
    }
    items[key] = value;
  }
  if (Object.keys(items).length === 0) throw new UsageError("nothing to update: give at least one of --title, --severity, --status, --assign, --add-label, --set key=value, ...");
  return items as IncidentUpdate;
}

export async function incidentUpdate(ctx: CliContext, incident: string, flags: UpdateFlags): Promise<CommandResult> {
  if (flags.owner !== undefined) deprecatedOwner(ctx);
  const items = updateItems(flags);
  const client = await ctx.client();
  if (typeof items.owner === "string" && items.owner.toLowerCase() === "me") items.owner = await ownerFor(client, "me");
  const result = await client.updateIncidentDetailed(incident, items);
  return {
    data: result.incident,
    human: (out) => incidentCard(result.incident, out.width, out.style),
    message: result.changed ? `Incident #${result.incident.properties.incidentNumber} updated.` : `Incident #${result.incident.properties.incidentNumber} already as asked; nothing changed.`,
  };
}
