// Where a client's settings come from, in order of precedence: what the caller
// passes (a workspace entry it names included), then the environment, then msticpyconfig.yaml (MSTICPy's own format:
// AzureSentinel.Workspaces.<Name> with SubscriptionId, ResourceGroup,
// WorkspaceName, TenantId; Azure.cloud and Azure.auth_methods).
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { TokenCredential } from "@azure/core-auth";
import { parseWorkspaceResourceId } from "../api/resourceId.js";
import { StaticTokenCredential } from "./credentials.js";
import { SentinelConfigError } from "./errors.js";

export interface WorkspaceConfig {
  name: string;
  subscriptionId?: string;
  resourceGroup?: string;
  workspaceName?: string;
  workspaceId?: string;
  tenantId?: string;
}

export interface ConfigFile {
  path: string;
  workspaces: WorkspaceConfig[];
  cloud?: string;
  authMethods?: string[];
}

export interface ResolvedSettings {
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
  tenantId?: string;
  endpoint?: string;
  /**
   * SENTINEL_TOKEN as a credential: the token itself is held where no log,
   * inspect or JSON of these settings can reach it.
   */
  tokenCredential?: TokenCredential;
  cloud?: string;
  authMethods?: string[];
  /** The config entry used, when one was. */
  workspaceEntry?: string;
  configPath?: string;
}

export interface SettingsInput {
  /** Name of a workspace entry in msticpyconfig.yaml. */
  workspace?: string;
  /** The workspace as a resource id; it stands for subscriptionId, resourceGroup and workspaceName. */
  resourceId?: string;
  subscriptionId?: string;
  resourceGroup?: string;
  workspaceName?: string;
  tenantId?: string;
  endpoint?: string;
  cloud?: string;
  /** msticpyconfig.yaml to read instead of MSTICPYCONFIG / ./msticpyconfig.yaml. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The config file to read, and every place that was considered. */
export function findConfigFile(input: Pick<SettingsInput, "configPath" | "env" | "cwd"> = {}): { path?: string; considered: string[] } {
  const env = input.env ?? process.env;
  const candidates = [input.configPath, env.MSTICPYCONFIG, resolve(input.cwd ?? process.cwd(), "msticpyconfig.yaml")].filter((p): p is string => Boolean(p));
  const considered: string[] = [];
  for (const p of candidates) {
    considered.push(p);
    if (existsSync(p)) return { path: p, considered };
    if (p === input.configPath) throw new SentinelConfigError(`The config file ${p} does not exist.`, "configPath", [p]);
  }
  return { considered };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

export async function readConfigFile(path: string): Promise<ConfigFile> {
  const { parse } = await import("yaml");
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new SentinelConfigError(`${path} is not valid YAML: ${(e as Error).message}`, "configPath", [path]);
  }
  const root = (doc ?? {}) as Record<string, unknown>;
  const sentinel = (root.AzureSentinel ?? {}) as Record<string, unknown>;
  const ws = (sentinel.Workspaces ?? {}) as Record<string, Record<string, unknown> | null>;
  const azure = (root.Azure ?? {}) as Record<string, unknown>;
  return {
    path,
    workspaces: Object.entries(ws).map(([name, e]) => ({
      name,
      subscriptionId: str(e?.SubscriptionId),
      resourceGroup: str(e?.ResourceGroup),
      workspaceName: str(e?.WorkspaceName),
      workspaceId: str(e?.WorkspaceId),
      tenantId: str(e?.TenantId),
    })),
    cloud: str(azure.cloud),
    authMethods: Array.isArray(azure.auth_methods) ? azure.auth_methods.filter((m): m is string => typeof m === "string") : undefined,
  };
}

/** The entry a name picks: case-insensitive; without a name, `Default` or the only entry. */
export function pickWorkspace(file: ConfigFile, name?: string): WorkspaceConfig | undefined {
  if (name !== undefined) return file.workspaces.find((w) => w.name.toLowerCase() === name.toLowerCase());
  return file.workspaces.find((w) => w.name.toLowerCase() === "default") ?? (file.workspaces.length === 1 ? file.workspaces[0] : undefined);
}

/** Resolves every setting; a missing one is an error naming each place it was looked for. */
export async function resolveSettings(input: SettingsInput = {}): Promise<ResolvedSettings> {
  const env = input.env ?? process.env;
  if (input.resourceId !== undefined) {
    const ws = parseWorkspaceResourceId(input.resourceId);
    if (!ws) {
      throw new SentinelConfigError(
        `'${input.resourceId}' is not a workspace resource id (/subscriptions/…/resourceGroups/…/providers/Microsoft.OperationalInsights/workspaces/…).`,
        "resourceId",
      );
    }
    const token = str(env.SENTINEL_TOKEN);
    return {
      ...ws,
      tenantId: input.tenantId ?? str(env.SENTINEL_TENANT_ID),
      endpoint: input.endpoint ?? str(env.SENTINEL_ENDPOINT),
      tokenCredential: token ? new StaticTokenCredential(token) : undefined,
      cloud: input.cloud ?? str(env.SENTINEL_CLOUD),
    };
  }
  const found = findConfigFile(input);
  const file = found.path ? await readConfigFile(found.path) : undefined;
  const entry = file ? pickWorkspace(file, input.workspace) : undefined;
  if (input.workspace !== undefined && !entry) {
    const names = file?.workspaces.map((w) => w.name).join(", ");
    throw new SentinelConfigError(
      file
        ? `No workspace '${input.workspace}' in ${file.path} (AzureSentinel.Workspaces has: ${names || "none"}).`
        : `No msticpyconfig.yaml to take workspace '${input.workspace}' from; looked at: ${found.considered.join(", ")}.`,
      "workspace",
      found.considered,
    );
  }
  const where = (setting: string, envName: string, yamlKey: string) => [
    `option ${setting}`,
    `environment ${envName}`,
    file
      ? `${file.path} AzureSentinel.Workspaces.${entry?.name ?? input.workspace ?? "Default"}.${yamlKey}`
      : `msticpyconfig.yaml (none found at ${found.considered.join(", ") || "MSTICPYCONFIG or ./msticpyconfig.yaml"})`,
  ];
  const need = (setting: string, envName: string, yamlKey: string, value: string | undefined): string => {
    if (value) return value;
    const places = where(setting, envName, yamlKey);
    throw new SentinelConfigError(`No ${setting} was given. Looked in: ${places.join("; ")}.`, setting, places);
  };
  // An entry named on purpose (--workspace NAME) is as strong as a flag: its values
  // beat the environment. The implicit Default entry is weaker than the environment.
  const named = input.workspace !== undefined;
  const pick = (given: string | undefined, fromEnv: string | undefined, fromEntry: string | undefined) =>
    given ?? (named ? (fromEntry ?? fromEnv) : (fromEnv ?? fromEntry));
  return {
    subscriptionId: need("subscriptionId", "SENTINEL_SUBSCRIPTION_ID", "SubscriptionId", pick(input.subscriptionId, str(env.SENTINEL_SUBSCRIPTION_ID), entry?.subscriptionId)),
    resourceGroup: need("resourceGroup", "SENTINEL_RESOURCE_GROUP", "ResourceGroup", pick(input.resourceGroup, str(env.SENTINEL_RESOURCE_GROUP), entry?.resourceGroup)),
    workspaceName: need("workspaceName", "SENTINEL_WORKSPACE_NAME", "WorkspaceName", pick(input.workspaceName, str(env.SENTINEL_WORKSPACE_NAME), entry?.workspaceName)),
    tenantId: pick(input.tenantId, str(env.SENTINEL_TENANT_ID), entry?.tenantId),
    endpoint: input.endpoint ?? str(env.SENTINEL_ENDPOINT),
    tokenCredential: str(env.SENTINEL_TOKEN) ? new StaticTokenCredential(str(env.SENTINEL_TOKEN)!) : undefined,
    cloud: input.cloud ?? str(env.SENTINEL_CLOUD) ?? file?.cloud,
    authMethods: file?.authMethods,
    workspaceEntry: entry?.name,
    configPath: file?.path,
  };
}
