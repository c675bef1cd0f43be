// Any failure of a tool becomes a tool error in plain words: what went wrong and
// what to do. Library errors never carry a token; neither does anything added here.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { fence, line } from "./text.js";

export function toolError(text: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text }] };
}

/** The message an assistant gets for an error thrown by a tool. */
export function describeToolError(e: unknown): string {
  const err = e as { name?: string; message?: string; statusCode?: number; field?: string; allowedValues?: readonly string[]; requestId?: string };
  const name = err?.name ?? "Error";
  const message = err?.message ?? String(e);
  switch (name) {
    case "ToolInputError":
      return `Invalid argument: ${message}`;
    case "SentinelValidationError": {
      const allowed = err.allowedValues?.length && !message.includes(err.allowedValues[0]!) ? ` Allowed values: ${err.allowedValues.join(", ")}.` : "";
      return `Invalid argument '${err.field}': ${message}${allowed}`;
    }
    case "AmbiguousIncidentError":
    case "AmbiguousBookmarkError": {
      // The library's message quotes the candidates' titles: fence them, they are incident text.
      const candidates = (e as { candidates?: { incidentNumber?: number; name: string; title?: string; displayName?: string }[] }).candidates ?? [];
      const first = message.split("\n")[0]!;
      return `${first}\n${fence("The candidates", candidates.map((c) => line(c.incidentNumber !== undefined ? `#${c.incidentNumber}` : undefined, c.name, c.title ?? c.displayName)).join("\n"))}`;
    }
    case "NotExactError":
    case "IncidentNotFoundError":
    case "BookmarkNotFoundError":
      return message;
    case "SentinelConflictError":
      return `The service refused the write because the item changed meanwhile or conflicts with another (409). Read it again and retry. (${message})`;
    case "SentinelRequestError":
      switch (err.statusCode) {
        case 404:
          return `Not found (404): ${message}`;
        case 409:
          return `Conflict (409): the item changed meanwhile; read it again and retry. (${message})`;
        case 429:
          return `The service is throttling requests (429) and retries ran out; wait a minute and try again. (${message})`;
        case 401:
        case 403:
          return `Not allowed (${err.statusCode}): the server's sign-in lacks a Microsoft Sentinel role on this workspace, or its token expired. (${message})`;
        case 400:
          return `The service refused the request as invalid (400): ${message}`;
        case undefined:
          return `The service could not be reached: ${message}`;
        default:
          return `The service failed (${err.statusCode}): ${message}`;
      }
    case "SentinelTrustError":
      return `Refused for safety: ${message}`;
    case "AbortError":
      return "Cancelled.";
    default:
      return `${name}: ${message}`;
  }
}
