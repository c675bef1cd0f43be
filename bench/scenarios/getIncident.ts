// Scenario 2: getIncident with entities, alerts, comments and bookmarks, against
// an emulator answering each request after a fixed latency — in round trips.
import { args, client, measure } from "./common.js";

const incident = String(args.incident);
const runs = Number(args.runs);
const sentinel = client();
const mode = String(args.mode);

if (mode === "single") {
  await measure(() => sentinel.resolveIncident(incident).then(() => sentinel.listIncidentAlerts(incident)), runs);
} else if (mode === "sequential") {
  // One call after another, as MSTICPy does.
  await measure(async () => {
    await sentinel.getIncident(incident);
    await sentinel.listIncidentEntities(incident);
    await sentinel.listIncidentAlerts(incident);
    await sentinel.listComments(incident);
    await sentinel.listIncidentBookmarks(incident);
  }, runs);
} else {
  await measure(() => sentinel.getIncident(incident, { entities: true, alerts: true, comments: true, bookmarks: true }), runs);
}
