// `sentinel bookmark list|show`.
import type { Bookmark } from "../../api/models.js";
import type { CliContext, CommandResult } from "../context.js";
import { bookmarkCard, bookmarkTable } from "../output/views.js";
import { parseTop } from "./selection.js";

export async function bookmarkList(ctx: CliContext, flags: { top?: string }): Promise<CommandResult> {
  const client = await ctx.client();
  const top = parseTop(flags.top) ?? Infinity;
  const items: Bookmark[] = [];
  const progress = ctx.out.progress("Listing bookmarks");
  try {
    for await (const b of client.listBookmarks()) {
      items.push(b);
      progress.update(items.length);
      if (items.length >= top) break;
    }
  } finally {
    progress.stop();
  }
  return { data: items, human: (out) => bookmarkTable(items, out.width, out.style) };
}

export async function bookmarkShow(ctx: CliContext, bookmark: string): Promise<CommandResult> {
  const client = await ctx.client();
  const b = await client.getBookmark(bookmark);
  return { data: b, human: (out) => bookmarkCard(b, out.width, out.style) };
}
