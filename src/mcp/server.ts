// The Sentinel MCP server: read tools always, write tools only when allowed, the
// triage_incident prompt and the sentinel://incidents/{id} resource template, all on
// the public SentinelClient of each configured workspace.
import { z } from "zod";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { IncidentClassification, ReasonsForClassification } from "../api/enums.js";
import { isGuid } from "../api/resourceId.js";
import { packageVersion } from "../version.js";
import { CursorCodec } from "./cursor.js";
import { describeToolError } from "./errors.js";
import { registerReadTools } from "./readTools.js";
import { registerStatsTool } from "./statsTool.js";
import { incidentView } from "./shapes.js";
import { DATA_NOTICE } from "./tools.js";
import { registerWriteTools } from "./writeTools.js";
import { WorkspaceSet, type McpWorkspace } from "./workspaces.js";

export interface SentinelMcpServerOptions {
  workspaces: readonly McpWorkspace[];
  /** Register the write tools (update, assign, close, reopen, comment, link, create, tasks). */
  allowWrites?: boolean;
  /** Shared by the sessions of one HTTP server, so a cursor stays valid across them. */
  cursors?: CursorCodec;
}

export const READ_TOOLS = ["list_incidents", "get_incident", "list_comments", "list_bookmarks"] as const;
export const WRITE_TOOLS = ["update_incident", "assign_incident", "close_incident", "reopen_incident", "add_comment", "link_bookmark", "create_incident", "add_task", "complete_task"] as const;

const INSTRUCTIONS = `Microsoft Sentinel incidents: list, read and triage them. ${DATA_NOTICE} Text results fence such data between "<<<DATA nonce" and "DATA nonce>>>" markers.`;

export function createSentinelMcpServer(options: SentinelMcpServerOptions): McpServer {
  const workspaces = new WorkspaceSet(options.workspaces);
  const server = new McpServer(
    { name: "sentinel-incidents", version: packageVersion() },
    {
      instructions: `${INSTRUCTIONS} Workspaces: ${workspaces.names.join(", ")}.${options.allowWrites ? " Write tools are enabled; each asks the user first when the client supports it." : " This server is read-only (started without --allow-writes)."}`,
    },
  );
  registerReadTools(server, workspaces, options.cursors ?? new CursorCodec());
  registerStatsTool(server, workspaces);
  if (options.allowWrites) registerWriteTools(server, workspaces);

  const classifications = IncidentClassification.map((c) => `${c} (${ReasonsForClassification[c].join(" or ") || "no reason"})`).join(", ");
  server.registerPrompt(
    "triage_incident",
    {
      title: "Triage an incident",
      description: "Gather an incident's evidence and propose a classification, an owner and next steps.",
      argsSchema: {
        incident: z.string().describe("the incident: GUID, #number or title"),
        ...(workspaces.several ? { workspace: z.string().describe(`the workspace: ${workspaces.names.join(", ")}`) } : {}),
      },
    },
    (args) => {
      const ws = (args as { workspace?: string }).workspace;
      const where = ws ? ` in workspace ${JSON.stringify(ws)}` : "";
      return {
        description: `Triage of incident ${args.incident}`,
        messages: [
          {
            role: "user",
            content: {
              type: "text",
              text: [
                `Triage the Microsoft Sentinel incident ${JSON.stringify(args.incident)}${where}.`,
                `1. Call get_incident with include ["entities","alerts","comments","bookmarks","tasks"]${ws ? ` and workspace ${JSON.stringify(ws)}` : ""}; read long descriptions and comments on as their cut markers say.`,
                "2. Look for related incidents with list_incidents (same entities, title words, or time window).",
                `3. Propose a classification with its reason — ${classifications} — citing the evidence for it.`,
                "4. Propose an owner and the next investigation or containment steps.",
                "Do not change the incident: present the proposal and wait for the analyst's decision.",
                DATA_NOTICE,
              ].join("\n"),
            },
          },
        ],
      };
    },
  );

  server.registerResource(
    "incident",
    new ResourceTemplate("sentinel://incidents/{id}", { list: undefined }),
    {
      title: "A Sentinel incident",
      description: `An incident by GUID or number (sentinel://incidents/42), as JSON. With several workspaces the id must be a GUID; each workspace is looked in. ${DATA_NOTICE}`,
      mimeType: "application/json",
    },
    async (uri, variables) => {
      const raw = decodeURIComponent(String(variables.id ?? ""));
      const ref = /^\d+$/.test(raw) ? `#${raw}` : raw;
      if (!isGuid(ref) && !/^#\d+$/.test(ref)) throw new Error(`'${uri.href}' does not name an incident: use sentinel://incidents/<GUID> or sentinel://incidents/<number>.`);
      if (workspaces.several && !isGuid(ref)) throw new Error(`Several workspaces are configured: name the incident by GUID (sentinel://incidents/<GUID>), or use get_incident with a workspace.`);
      let lastError: unknown;
      for (const ws of workspaces.all()) {
        try {
          const incident = await ws.client.getIncident(ref);
          const body = { workspace: ws.name, incident: incidentView(incident, { more: (o) => `get_incident {"incident":"${incident.name}","textOffset":${o}}` }) };
          return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(body) }] };
        } catch (e) {
          lastError = e;
        }
      }
      throw new Error(describeToolError(lastError));
    },
  );
  return server;
}
