// The workspaces one server works on, by the names the assistant uses for them.
import type { SentinelClient } from "../client/sentinelClient.js";

export interface McpWorkspace {
  /** The msticpyconfig.yaml entry name, or the workspace name. */
  name: string;
  client: SentinelClient;
}

/** Bad tool arguments found by the server itself (the schema catches the rest). */
export class ToolInputError extends Error {
  override name = "ToolInputError";
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export class WorkspaceSet {
  readonly names: [string, ...string[]];
  private readonly byName = new Map<string, McpWorkspace>();

  constructor(workspaces: readonly McpWorkspace[]) {
    if (workspaces.length === 0) throw new Error("an MCP server needs at least one workspace");
    for (const w of workspaces) {
      if (this.byName.has(w.name)) throw new Error(`two workspaces are both named '${w.name}'; name them apart with msticpyconfig.yaml entries`);
      this.byName.set(w.name, w);
    }
    this.names = workspaces.map((w) => w.name) as [string, ...string[]];
  }

  get several(): boolean {
    return this.names.length > 1;
  }

  /** The workspace a call names; with several configured there is no default. */
  pick(name: string | undefined): McpWorkspace {
    if (name === undefined) {
      if (this.several) throw new ToolInputError(`'workspace' is required when several workspaces are configured; allowed values: ${this.names.join(", ")}.`, "workspace");
      return this.byName.get(this.names[0])!;
    }
    const found = this.byName.get(name);
    if (!found) throw new ToolInputError(`'workspace' has the invalid value ${JSON.stringify(name)}; allowed values: ${this.names.join(", ")}.`, "workspace");
    return found;
  }

  all(): McpWorkspace[] {
    return [...this.byName.values()];
  }
}
