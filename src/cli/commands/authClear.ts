// `sentinel auth clear`: forget the access tokens kept between commands.
import { clearTokenCache, tokenCacheFile } from "../../client/tokenCache.js";
import type { CliContext, CommandResult } from "../context.js";

export async function authClear(ctx: CliContext): Promise<CommandResult> {
  const file = tokenCacheFile(ctx.io.env);
  const removed = clearTokenCache(file);
  return {
    data: { removed, file },
    human: () => `Removed ${removed} cached access token${removed === 1 ? "" : "s"} (${file}); the next command signs in again.\n`,
  };
}
