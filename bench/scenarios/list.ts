// Scenario 1: list N incidents in pages of 1,000 — this client, the official SDK,
// or plain fetch + JSON.parse over the same URLs (the floor).
import { SecurityInsights } from "@azure/arm-securityinsight";
import { args, client, listUrl, measure, url, workspace } from "./common.js";

const count = Number(args.count);
const runs = Number(args.runs);
const variant = String(args.variant);

const sentinel = client();
async function ours(): Promise<number> {
  let n = 0;
  for await (const _ of sentinel.iterateIncidents({ $top: 1000 })) if (++n >= count) break;
  return n;
}

const sdk = new SecurityInsights({ getToken: async () => ({ token: "bench", expiresOnTimestamp: Date.now() + 3_600_000 }) }, workspace.subscriptionId, {
  endpoint: url,
  credentialScopes: ["https://management.azure.com/.default"],
});
async function official(): Promise<number> {
  let n = 0;
  for await (const _ of sdk.incidents.list(workspace.resourceGroup, workspace.workspaceName, { top: 1000, orderby: "properties/createdTimeUtc desc" })) if (++n >= count) break;
  return n;
}

async function floor(): Promise<number> {
  let n = 0;
  let next: string | undefined = listUrl(1000);
  while (next && n < count) {
    const res: Response = await fetch(next, { headers: { authorization: "Bearer bench" } });
    const body = JSON.parse(await res.text()) as { value: unknown[]; nextLink?: string };
    n += body.value.length;
    next = body.nextLink;
  }
  return n;
}

const fn = variant === "client" ? ours : variant === "sdk" ? official : floor;
// Each variant keeps its own connections warm, so the comparison is of the clients, not of TLS set-up.
await measure(async () => {
  const n = await fn();
  if (n < count) throw new Error(`${variant} listed only ${n} of ${count}`);
}, runs);
