// How write tools find their incident: by GUID, #number or exact title only. The
// library may also match part of a title (a convenience for reading); a write must
// never land on an incident the caller did not name exactly, so this checks what the
// library resolved before anything is written, and passes on only the GUID.
import type { Incident } from "../api/models.js";
import { isGuid } from "../api/resourceId.js";
import type { SentinelClient } from "../client/sentinelClient.js";
import { odataString } from "../client/filter.js";
import { fence, line } from "./text.js";
import { ToolInputError } from "./workspaces.js";

const MAX_CANDIDATES = 10;

export class NotExactError extends Error {
  override name = "NotExactError";
}

function listing(incidents: Incident[]): string {
  return incidents.map((i) => line(`#${i.properties.incidentNumber ?? "?"}`, i.name, i.properties.title)).join("\n");
}

/** The incident `ref` names exactly, as read now (with its etag). */
export async function resolveExactly(client: SentinelClient, ref: string, abortSignal?: AbortSignal): Promise<Incident> {
  const text = ref.trim();
  if (text === "") throw new ToolInputError("'incident' is empty; give a GUID, #number or the exact title.", "incident");
  if (isGuid(text)) return client.getIncident(text, { abortSignal });
  if (text.startsWith("/")) throw new ToolInputError("'incident' must be a GUID, #number or exact title for a write (not a resource id).", "incident");
  const numbered = /^#(\d+)$/.exec(text);
  if (numbered) {
    const n = Number(numbered[1]);
    const found = await client.listIncidents({ $filter: `properties/incidentNumber eq ${n}`, $top: 1 }, { abortSignal });
    if (found.length === 0) throw new NotExactError(`No incident #${n} in workspace ${client.workspace.workspaceName}.`);
    return found[0]!;
  }
  // Exact title, case-insensitive: the same rule the library applies first.
  const wanted = ref.toLowerCase();
  const same = await client.listIncidents({ $filter: `tolower(properties/title) eq tolower(${odataString(ref)})`, $top: MAX_CANDIDATES + 1 }, { abortSignal });
  const exact = same.filter((i) => (i.properties.title ?? "").toLowerCase() === wanted);
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) {
    throw new NotExactError(
      `${exact.length > MAX_CANDIDATES ? `More than ${MAX_CANDIDATES}` : exact.length} incidents have exactly this title; name one by GUID or #number.\n${fence("The candidates", listing(exact.slice(0, MAX_CANDIDATES)))}`,
    );
  }
  const near = await client.listIncidents({ $filter: `contains(tolower(properties/title), tolower(${odataString(ref)}))`, $top: MAX_CANDIDATES }, { abortSignal });
  if (near.length === 0) throw new NotExactError(`No incident of workspace ${client.workspace.workspaceName} has this exact title, nor one containing it. Writes need a GUID, #number or the exact title; list_incidents finds them.`);
  throw new NotExactError(
    `No incident has exactly this title; writes need a GUID, #number or the exact title. Incidents whose title contains it:\n${fence("The candidates", listing(near))}`,
  );
}
