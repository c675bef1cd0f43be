// `sentinel incident list`: the newest 50 by default; friendly flags build the filter.
import type { Incident } from "../../api/models.js";
import type { CliContext, CommandResult } from "../context.js";
import { incidentTable } from "../output/views.js";
import { selectionParams, type SelectionFlags } from "./selection.js";

export type ListedIncident = Incident & { workspace?: string };

export async function incidentList(ctx: CliContext, flags: SelectionFlags): Promise<CommandResult> {
  const params = selectionParams(flags);
  const targets = await ctx.clients();
  const progress = ctx.out.progress("Listing incidents");
  const all: ListedIncident[] = [];
  try {
    for (const { label, client } of targets) {
      const base = all.length;
      const onPage = (n: number) => progress.update(base + n);
      const found = flags.all ? await client.listAllIncidents(params, { onPage }) : await client.listIncidents(params, { onPage });
      all.push(...(targets.length > 1 ? found.map((i) => ({ ...i, workspace: label })) : found));
    }
  } finally {
    progress.stop();
  }
  return { data: all, human: (out) => incidentTable(all, out.width, out.style) };
}
