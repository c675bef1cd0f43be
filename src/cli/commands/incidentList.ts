// `sentinel incident list` (alias `ls`): the newest 50 by default; friendly flags build
// the filter. Over several workspaces the results are merged in one order and --top
// counts them all.
import type { Incident } from "../../api/models.js";
import type { CliContext, CommandResult } from "../context.js";
import { incidentTable } from "../output/views.js";
import { buildSelection, orderOf, selectIn, type SelectionFlags } from "./selection.js";

export type ListedIncident = Incident & { workspace?: string };

export async function incidentList(ctx: CliContext, flags: SelectionFlags): Promise<CommandResult> {
  const targets = await ctx.clients();
  const selection = await buildSelection(flags, { zone: ctx.out.zone, me: () => targets[0]!.client.signedInUser() });
  const progress = ctx.out.progress("Listing incidents");
  let all: ListedIncident[] = [];
  try {
    for (const { label, client } of targets) {
      const base = all.length;
      const found = await selectIn(client, selection, (n) => progress.update(base + n));
      all.push(...(targets.length > 1 ? found.map((i) => ({ ...i, workspace: label })) : found));
    }
  } finally {
    progress.stop();
  }
  if (targets.length > 1) {
    // Each workspace gave its first N in this order; merged, the first N of all of them.
    all = all.sort(orderOf(flags.orderby));
    if (selection.top !== undefined) all = all.slice(0, selection.top);
  }
  return { data: all, human: (out) => incidentTable(all, out.width, out.style) };
}
