// Query options and the page envelope shared by every list route.
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../api/paging.js";
import { isGuid } from "../../api/resourceId.js";
import { ODataError } from "../odata/index.js";
import { errors } from "../http/errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import { InvalidSkipTokenError, type ListQuery, type Page } from "../store/paging.js";

const OPEN = Buffer.from('{"value":[');
const COMMA = Buffer.from(",");

export function listQuery(ctx: RequestContext): ListQuery {
  const topText = ctx.query.get("$top");
  let top = DEFAULT_PAGE_SIZE;
  if (topText !== undefined) {
    if (!/^\d{1,7}$/.test(topText.trim()) || Number(topText) < 1 || Number(topText) > MAX_PAGE_SIZE) {
      throw errors.invalidQuery(`The value of '$top' must be an integer from 1 to ${MAX_PAGE_SIZE}, but was '${topText}'.`, "$top");
    }
    top = Number(topText);
  }
  return { top, filter: ctx.query.get("$filter"), orderby: ctx.query.get("$orderby"), skipToken: ctx.query.get("$skiptoken") };
}

/** Runs a list and maps query errors to 400s that point at the offending option. */
export function runList(ctx: RequestContext, list: (q: ListQuery) => Page): Reply {
  const query = listQuery(ctx);
  let page: Page;
  try {
    page = list(query);
  } catch (e) {
    if (e instanceof ODataError) throw errors.invalidQuery(`Invalid '${e.option}': ${e.message}`, e.option);
    if (e instanceof InvalidSkipTokenError) throw errors.invalidQuery(e.message, "$skipToken");
    throw e;
  }
  const parts: Buffer[] = [OPEN];
  if (page.joined) parts.push(page.joined);
  else {
    page.docs.forEach((doc, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(doc);
    });
  }
  parts.push(Buffer.from(page.nextSkipToken ? `],"nextLink":${JSON.stringify(nextLink(ctx, page.nextSkipToken))}}` : "]}"));
  return { status: 200, bytes: parts };
}

/** The same request with the next page's token: an absolute URL on the origin the client used. */
function nextLink(ctx: RequestContext, token: string): string {
  const next = new URL(ctx.url.pathname, ctx.url.origin);
  for (const [key, value] of ctx.url.searchParams) {
    if (key.toLowerCase() !== "$skiptoken") next.searchParams.append(key, value);
  }
  next.searchParams.set("$skipToken", token);
  return next.toString();
}

/** Sentinel resource names of these kinds are GUIDs; anything else is refused before it reaches the store. */
export function requireGuidParam(ctx: RequestContext, param: string, what: string): string {
  const value = ctx.params[param]!;
  if (!isGuid(value)) {
    throw errors.badRequest(`The ${what} id '${value}' is not valid: it must be a GUID such as 73e01a99-5cd7-4139-a149-9f2736ff2ab5.`, param);
  }
  return value;
}
