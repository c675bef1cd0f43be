// `sentinel incident show <incident>`: one incident as a card, with the extras asked for.
import type { CliContext, CommandResult } from "../context.js";
import { incidentCard } from "../output/views.js";

export interface ShowFlags {
  entities?: boolean;
  alerts?: boolean;
  comments?: boolean;
  bookmarks?: boolean;
  details?: boolean;
}

export async function incidentShow(ctx: CliContext, incident: string, flags: ShowFlags): Promise<CommandResult> {
  const client = await ctx.client();
  const all = flags.details === true;
  const details = await client.getIncident(incident, {
    entities: all || flags.entities,
    alerts: all || flags.alerts,
    comments: all || flags.comments,
    bookmarks: all || flags.bookmarks,
  });
  return { data: details, human: (out) => incidentCard(details, out.width, out.style), paged: true };
}
