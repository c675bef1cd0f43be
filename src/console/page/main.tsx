// The console page: a session from the URL's one-time token, then three views
// chosen by the URL fragment: #/queue, #/incident/<workspace>/<name>, #/overview.
import { render } from "preact";
import { lazy, Suspense } from "preact/compat";
import { useEffect, useState } from "preact/hooks";
import { ApiError, startSession } from "./api.js";
import { IncidentView } from "./incident.js";
import { QueueView } from "./queue.js";
import type { Config } from "./types.js";

// The charts library loads only when the overview is opened, so the queue is quick.
const OverviewView = lazy(() => import("./overview.js").then((m) => ({ default: m.OverviewView })));

type Route = { view: "queue" } | { view: "incident"; ws: string; name: string } | { view: "overview" };

function routeOf(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").map((p) => decodeURIComponent(p));
  if (parts[0] === "incident" && parts[1] && parts[2]) return { view: "incident", ws: parts[1], name: parts[2] };
  if (parts[0] === "overview") return { view: "overview" };
  return { view: "queue" };
}

function App() {
  const [config, setConfig] = useState<Config | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [route, setRoute] = useState<Route>(routeOf(location.hash));

  useEffect(() => {
    startSession<Config>()
      .then((c) => {
        setConfig(c);
        setRoute(routeOf(location.hash));
      })
      .catch((e: unknown) => setFailure(e instanceof ApiError ? e.message : String(e)));
    const onHash = () => setRoute(routeOf(location.hash));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);

  if (failure) {
    return (
      <main class="boot" role="alert">
        <h1>Cannot open the console</h1>
        <p>{failure}</p>
      </main>
    );
  }
  if (!config) return <p class="boot">Signing in…</p>;
  return (
    <>
      <header class="top">
        <span class="brand">Sentinel console</span>
        <nav aria-label="Views">
          <a href="#/queue" aria-current={route.view === "queue" ? "page" : undefined}>
            Queue
          </a>
          <a href="#/overview" aria-current={route.view === "overview" ? "page" : undefined}>
            Overview
          </a>
        </nav>
        <span class="where">{config.workspaces.map((w) => `${w.label} @ ${w.endpoint}`).join(" · ")}</span>
      </header>
      <main>
        {route.view === "queue" && <QueueView config={config} />}
        {route.view === "incident" && <IncidentView config={config} ws={route.ws} name={route.name} />}
        {route.view === "overview" && (
          <Suspense fallback={<p>Loading charts…</p>}>
            <OverviewView config={config} />
          </Suspense>
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
