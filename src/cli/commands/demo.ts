// `sentinel demo` (= `npm start`): starts an embedded emulator with a realistic
// workspace and walks the seed's story against it, printing each step as the
// command line shows it.
import type { Bookmark } from "../../api/models.js";
import { DEFAULT_WORKSPACE } from "../../emulator/options.js";

export interface DemoOptions {
  incidents: number;
}

const DIM = (s: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[2m${s}\u001b[22m` : s);
const BOLD = (s: string) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${s}\u001b[22m` : s);

function quote(arg: string): string {
  return /^[\w@%+=:,./#-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

export async function demo(options: DemoOptions): Promise<void> {
  const started = performance.now();
  const { startEmulator } = await import("../../index.js");
  const { SentinelClient } = await import("../../client/sentinelClient.js");
  const { StaticTokenCredential } = await import("../../client/credentials.js");
  const { run } = await import("../program.js");
  const incidents = Number.isInteger(options.incidents) && options.incidents > 0 ? options.incidents : 500;
  const emulator = await startEmulator({ port: 0, seedIncidents: incidents, seed: "demo" });
  try {
    // The steps run the real command line, pointed at the embedded emulator.
    Object.assign(process.env, {
      SENTINEL_ENDPOINT: emulator.url,
      SENTINEL_TOKEN: "demo-token",
      SENTINEL_SUBSCRIPTION_ID: DEFAULT_WORKSPACE.subscriptionId,
      SENTINEL_RESOURCE_GROUP: DEFAULT_WORKSPACE.resourceGroup,
      SENTINEL_WORKSPACE_NAME: DEFAULT_WORKSPACE.workspaceName,
    });
    const out = (line = "") => process.stdout.write(`${line}\n`);
    const step = async (title: string, args: string[]) => {
      out();
      out(BOLD(`▸ ${title}`));
      out(DIM(`$ sentinel ${args.map(quote).join(" ")}`));
      const code = await run(["node", "sentinel", ...args, "--output", "table"]);
      if (code !== 0) throw new Error(`step '${title}' failed with exit code ${code}`);
    };
    out(BOLD("Microsoft Sentinel incidents — a walk through, against a local emulator"));
    out(`Emulator at ${emulator.url}, workspace ${DEFAULT_WORKSPACE.workspaceName}, ${incidents} seeded incidents (in memory).`);

    const sentinel = new SentinelClient(DEFAULT_WORKSPACE, { endpoint: emulator.url, credential: new StaticTokenCredential("demo-token") });
    const [rich] = await sentinel.listIncidents({
      $top: 1,
      $filter: "properties/status ne 'Closed' and properties/additionalData/alertsCount gt 1 and properties/additionalData/commentsCount gt 0 and properties/additionalData/bookmarksCount gt 0",
    });
    const candidates = await sentinel.listIncidents({ $top: 40, $filter: "properties/additionalData/alertsCount gt 0" });
    let titled = candidates[0]!;
    for (const c of candidates) {
      const resolved = await sentinel.resolveIncident(c.properties.title).catch(() => undefined);
      if (resolved?.name === c.name && c.name !== rich?.name) {
        titled = c;
        break;
      }
    }
    const target = rich ?? candidates[0]!;
    const bookmarks: Bookmark[] = [];
    for await (const b of sentinel.listBookmarks()) bookmarks.push(b);
    const counts = new Map<string, number>();
    for (const b of bookmarks) counts.set(b.properties.displayName.toLowerCase(), (counts.get(b.properties.displayName.toLowerCase()) ?? 0) + 1);
    const named = bookmarks.filter((b) => counts.get(b.properties.displayName.toLowerCase()) === 1 && !b.properties.incidentInfo);
    const linkByName = named[0] ?? bookmarks[0]!;
    const forNew = named[1] ?? bookmarks[1] ?? bookmarks[0]!;

    await step("The 10 newest incidents (listIncidents)", ["incident", "list", "--top", "10"]);
    await step("Open, high-severity incidents of the last week, in the API's own $filter format", [
      "incident", "list", "--top", "5", "--filter", "properties/severity eq 'High' and properties/status ne 'Closed'", "--since", "7d",
    ]);
    await step("One incident by its GUID, with entities, alerts, comments and bookmarks (getIncident)", ["incident", "show", target.name!, "--details"]);
    await step("The same by title: the title is searched over every incident", ["incident", "show", titled.properties.title, "--alerts"]);
    await step("Raise its severity (updateIncident: no 'properties.' prefix needed)", ["incident", "update", target.name!, "--severity", "High", "--add-label", "escalated"]);
    await step("Post a comment (postComment)", ["incident", "comment", target.name!, "Escalated after review of the sign-in logs; isolating the device."]);
    await step(`Link a bookmark by its name (addBookmarkToIncident)`, ["incident", "link-bookmark", target.name!, linkByName.properties.displayName]);
    const first = new Date(Date.now() - 2 * 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
    const last = new Date(Date.now() - 15 * 60_000).toISOString().replace(/\.\d+Z$/, "Z");
    await step("Create an incident with labels, activity times and a bookmark (createIncident)", [
      "incident", "create", "--title", "A custom incident", "--severity", "High", "--description", "Raised from the demo",
      "--first-activity", first, "--last-activity", last, "--label", "demo", "--label", "custom", "--bookmark", forNew.name!,
    ]);
    await step("The newest incidents again: the new one is on top", ["incident", "list", "--top", "5"]);
    await step("Bulk triage, planned first: what closing open informational incidents would change", [
      "incident", "bulk-close", "--severity", "Informational", "--status", "New,Active", "--top", "5", "--classification", "BenignPositive", "--reason", "SuspiciousButExpected", "--dry-run",
    ]);
    await step("Narrowed to the fields you need with --query (JMESPath; add -o json for machines)", ["incident", "list", "--top", "3", "--query", "[].{number: properties.incidentNumber, title: properties.title, severity: properties.severity}"]);

    out();
    out(BOLD("Next"));
    out("  Keep a workspace between runs with a persistent emulator:");
    out("    npx sentinel emulator start --db sentinel.db --seed-incidents 5000");
    out("    export SENTINEL_ENDPOINT=http://127.0.0.1:4242 SENTINEL_TOKEN=local-dev");
    out(`    export SENTINEL_SUBSCRIPTION_ID=${DEFAULT_WORKSPACE.subscriptionId} SENTINEL_RESOURCE_GROUP=${DEFAULT_WORKSPACE.resourceGroup} SENTINEL_WORKSPACE_NAME=${DEFAULT_WORKSPACE.workspaceName}`);
    out("    npx sentinel incident list --severity High --since 24h");
    out("  Against real Azure: sign in and name the workspace (or use msticpyconfig.yaml):");
    out("    az login");
    out("    npx sentinel --subscription <id> --resource-group <rg> --workspace-name <name> incident list");
    out("    npx sentinel --workspace Default incident list     # an entry of msticpyconfig.yaml");
    out();
    out(DIM(`Demo finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`));
  } finally {
    await emulator.close();
  }
}
