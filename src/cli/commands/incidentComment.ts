// `sentinel incident comment <incident> <text>` (or --file F, or - for stdin).
import { readFileSync } from "node:fs";
import type { CliContext, CommandResult } from "../context.js";
import { UsageError } from "../errors.js";

async function readStdin(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

export async function commentText(ctx: CliContext, text: string | undefined, file: string | undefined): Promise<string> {
  if (text !== undefined && file !== undefined) throw new UsageError("give the comment as text or with --file, not both");
  if (file !== undefined) {
    try {
      return file === "-" ? await readStdin(ctx.io.stdin) : readFileSync(file, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read --file ${file}: ${(e as Error).message}`);
    }
  }
  if (text === "-") return readStdin(ctx.io.stdin);
  if (text === undefined) throw new UsageError("the comment text is missing: sentinel incident comment <incident> <text> (or --file F, or - for stdin)");
  return text;
}

export async function incidentComment(ctx: CliContext, incident: string, text: string | undefined, flags: { file?: string }): Promise<CommandResult> {
  const message = await commentText(ctx, text, flags.file);
  const client = await ctx.client();
  const comment = await client.postComment(incident, message.replace(/\s+$/, ""));
  return { data: comment, human: () => `Comment posted.\n${comment.name}\n` };
}
