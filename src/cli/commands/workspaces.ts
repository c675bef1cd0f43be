// `sentinel workspace list|show`: the workspaces of msticpyconfig.yaml.
import { findConfigFile, pickWorkspace, readConfigFile, resolveSettings } from "../../client/config.js";
import { SentinelConfigError } from "../../client/errors.js";
import { settingsInput, type CliContext, type CommandResult } from "../context.js";
import { renderRows } from "../output/table.js";

export async function workspaceList(ctx: CliContext): Promise<CommandResult> {
  const found = findConfigFile({ configPath: ctx.flags.config, env: ctx.io.env });
  if (!found.path) {
    throw new SentinelConfigError(`No msticpyconfig.yaml found; looked at: ${found.considered.join(", ") || "MSTICPYCONFIG, ./msticpyconfig.yaml"}.`, "config", found.considered);
  }
  const file = await readConfigFile(found.path);
  const def = pickWorkspace(file);
  const rows = file.workspaces.map((w) => ({
    name: w.name,
    default: w === def,
    subscriptionId: w.subscriptionId ?? null,
    resourceGroup: w.resourceGroup ?? null,
    workspaceName: w.workspaceName ?? null,
    tenantId: w.tenantId ?? null,
  }));
  return {
    data: rows,
    human: (out) => `${file.path}\n${renderRows(rows.map((r) => ({ ...r, default: r.default ? "*" : "" })), out.width, out.style)}`,
  };
}

export async function workspaceShow(ctx: CliContext, name: string | undefined): Promise<CommandResult> {
  const s = await resolveSettings(settingsInput(ctx.flags, ctx.io.env, name ?? ctx.flags.workspace?.[0]));
  // The token itself is never shown; only whether one is set.
  const { tokenCredential, ...shown } = s;
  const data = { ...shown, token: tokenCredential ? "[set]" : undefined };
  return {
    data,
    human: (out) =>
      renderRows(
        Object.entries(data)
          .filter(([, v]) => v !== undefined)
          .map(([setting, value]) => ({ setting, value: Array.isArray(value) ? value.join(", ") : String(value) })),
        out.width,
        out.style,
      ),
  };
}
