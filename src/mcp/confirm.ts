// Asking the user before a write, when the client can ask (MCP elicitation). The
// question shows the incident and the change; the incident's title is quoted as a
// JSON string, so whatever it says reads as a title, not as part of the question.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

export type Consent = "accepted" | "declined" | "not asked";

export async function askConsent(server: McpServer, message: string, signal?: AbortSignal): Promise<Consent> {
  if (!server.server.getClientCapabilities()?.elicitation?.form) return "not asked";
  const answer = await server.server.elicitInput(
    {
      message,
      requestedSchema: {
        type: "object",
        properties: { confirm: { type: "boolean", title: "Apply this change", description: "true to apply the change shown; false (or decline) to leave everything as it is" } },
        required: ["confirm"],
      },
    },
    { signal },
  );
  return answer.action === "accept" && answer.content?.confirm === true ? "accepted" : "declined";
}
