// The overview: the incidentStats numbers as charts (Observable Plot draws SVG),
// each with the same numbers in a table that screen readers read instead.
import * as Plot from "@observablehq/plot";
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError } from "./api.js";
import { hours, num, visible } from "./text.js";
import type { Config, CountRow, Stats } from "./types.js";

/** Plot's class prefix; console.css styles it. */
const PLOT_CLASS = "sentinel-plot";
const SEVERITY_COLORS = ["#c50f1f", "#e07b00", "#2b79d0", "#8a8886"];

function Chart({ id, title, make, table }: { id: string; title: string; make: () => Element; table: ComponentChildren }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = make();
    // Plot adds <style> elements, which the page's policy (no inline style) would refuse;
    // their rules are in console.css instead.
    for (const style of el.querySelectorAll("style")) style.remove();
    box.current?.replaceChildren(el);
    return () => el.remove();
  }, [make]);
  return (
    <figure class="chart" data-chart={id} aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <div ref={box} aria-hidden="true" />
      <table class="sr-only" data-table={id}>
        <caption>{title}</caption>
        {table}
      </table>
    </figure>
  );
}

function countTable(rows: CountRow[], keyHeader: string) {
  return (
    <>
      <thead>
        <tr>
          <th scope="col">{keyHeader}</th>
          <th scope="col">Incidents</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{visible(r.key)}</th>
            <td>{r.count}</td>
          </tr>
        ))}
      </tbody>
    </>
  );
}

function topBar(rows: CountRow[], width: number): Element {
  const top = rows.slice(0, 10);
  return Plot.plot({
    className: PLOT_CLASS,
    width,
    height: 40 + top.length * 24,
    marginLeft: 220,
    x: { label: "incidents", grid: true },
    y: { label: null, domain: top.map((r) => r.key), tickFormat: (k: string) => visible(k).slice(0, 34) },
    marks: [Plot.barX(top, { x: "count", y: "key", fill: "#4f6bed" }), Plot.ruleX([0])],
  });
}

export function OverviewView({ config }: { config: Config }) {
  const [since, setSince] = useState("30d");
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const width = Math.min(900, Math.max(420, (document.querySelector("main")?.clientWidth ?? 900) - 40));

  useEffect(() => {
    const abort = new AbortController();
    setStats(null);
    setError(null);
    api<Stats>("GET", `/api/stats?since=${encodeURIComponent(since)}`, undefined, abort.signal)
      .then(setStats)
      .catch((e: unknown) => !abort.signal.aborted && setError(e instanceof ApiError ? e.message : String(e)));
    return () => abort.abort();
  }, [since]);

  const sev = config.severities;
  const color = { domain: sev, range: SEVERITY_COLORS, legend: true };
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <label>
        Created in the last{" "}
        <select name="since" value={since} onChange={(e) => setSince(e.currentTarget.value)}>
          <option value="7d">7 days</option>
          <option value="30d">30 days</option>
          <option value="90d">90 days</option>
        </select>
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!stats && !error && <p aria-busy="true">Counting incidents…</p>}
      {stats && (
        <>
          <p class="counts" data-testid="overview-total">
            {num(stats.total)} incidents created · {num(stats.open)} of them open · {num(stats.classificationMix.closed)} closed · median time to close {hours(stats.timeToClose.medianHours)}
          </p>
          <div class="charts">
            <Chart
              id="created"
              title="Created per day, by severity"
              make={() =>
                Plot.plot({
                  className: PLOT_CLASS,
                  width,
                  height: 260,
                  color,
                  x: { type: "utc", label: null },
                  y: { label: "incidents", grid: true },
                  marks: [
                    Plot.rectY(
                      stats.createdPerDay.flatMap((d) => sev.map((s) => ({ day: new Date(`${d.day}T00:00:00Z`), severity: s, count: d[s] ?? 0 }))),
                      { x: "day", interval: "day", y: "count", fill: "severity", order: sev },
                    ),
                    Plot.ruleY([0]),
                  ],
                })
              }
              table={
                <>
                  <thead>
                    <tr>
                      <th scope="col">Day</th>
                      {sev.map((s) => (
                        <th scope="col" key={s}>
                          {s}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {stats.createdPerDay.map((d) => (
                      <tr key={d.day}>
                        <th scope="row">{d.day}</th>
                        {sev.map((s) => (
                          <td key={s}>{d[s] ?? 0}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </>
              }
            />
            <Chart
              id="backlog"
              title={`Open backlog by age (${num(stats.backlog.open)} open, created any time)`}
              make={() =>
                Plot.plot({
                  className: PLOT_CLASS,
                  width,
                  height: 220,
                  color,
                  x: { label: "age", domain: stats.backlog.buckets.map((b) => b.bucket) },
                  y: { label: "incidents", grid: true },
                  marks: [
                    Plot.barY(
                      stats.backlog.buckets.flatMap((b) => sev.map((s) => ({ bucket: b.bucket, severity: s, count: b[s] ?? 0 }))),
                      { x: "bucket", y: "count", fill: "severity", order: sev },
                    ),
                    Plot.ruleY([0]),
                  ],
                })
              }
              table={
                <>
                  <thead>
                    <tr>
                      <th scope="col">Age</th>
                      {sev.map((s) => (
                        <th scope="col" key={s}>
                          {s}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {stats.backlog.buckets.map((b) => (
                      <tr key={b.bucket}>
                        <th scope="row">{b.bucket}</th>
                        {sev.map((s) => (
                          <td key={s}>{b[s] ?? 0}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </>
              }
            />
            <Chart
              id="close"
              title="Time to close by severity, hours (bar: median, tick: 90th percentile; closing time is the last modification)"
              make={() => {
                const rows = sev.flatMap((s) => {
                  const t = stats.timeToClose.bySeverity[s]!;
                  return t.count ? [{ severity: s, median: t.medianHours ?? 0, p90: t.p90Hours ?? 0 }] : [];
                });
                return Plot.plot({
                  className: PLOT_CLASS,
                  width,
                  height: 60 + rows.length * 30,
                  marginLeft: 110,
                  color: { domain: sev, range: SEVERITY_COLORS },
                  x: { label: "hours", grid: true },
                  y: { label: null, domain: rows.map((r) => r.severity) },
                  marks: [
                    Plot.barX(rows, { x: "median", y: "severity", fill: "severity" }),
                    Plot.tickX(rows, { x: "p90", y: "severity", stroke: "#222", strokeWidth: 3 }),
                    Plot.ruleX([0]),
                  ],
                });
              }}
              table={
                <>
                  <thead>
                    <tr>
                      <th scope="col">Severity</th>
                      <th scope="col">Closed</th>
                      <th scope="col">Median</th>
                      <th scope="col">90th percentile</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sev.map((s) => {
                      const t = stats.timeToClose.bySeverity[s]!;
                      return (
                        <tr key={s}>
                          <th scope="row">{s}</th>
                          <td>{t.count}</td>
                          <td>{hours(t.medianHours)}</td>
                          <td>{hours(t.p90Hours)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </>
              }
            />
            <Chart id="owners" title="Top owners" make={() => topBar(stats.groups.owner ?? [], width)} table={countTable(stats.groups.owner ?? [], "Owner")} />
            <Chart id="tactics" title="Top tactics" make={() => topBar(stats.groups.tactic ?? [], width)} table={countTable(stats.groups.tactic ?? [], "Tactic")} />
            <Chart id="products" title="Top products" make={() => topBar(stats.groups.product ?? [], width)} table={countTable(stats.groups.product ?? [], "Product")} />
            <Chart
              id="classification"
              title={`Closed by classification (${num(stats.classificationMix.closed)} closed)`}
              make={() =>
                Plot.plot({
                  className: PLOT_CLASS,
                  width,
                  height: 60 + stats.classificationMix.rows.length * 28,
                  marginLeft: 130,
                  x: { label: "share of closed (%)", percent: true, grid: true },
                  y: { label: null, domain: stats.classificationMix.rows.map((r) => r.classification) },
                  marks: [Plot.barX(stats.classificationMix.rows, { x: "share", y: "classification", fill: "#5c2e91" }), Plot.ruleX([0])],
                })
              }
              table={
                <>
                  <thead>
                    <tr>
                      <th scope="col">Classification</th>
                      <th scope="col">Closed</th>
                      <th scope="col">Share</th>
                    </tr>
                  </thead>
                  <tbody>
                    {stats.classificationMix.rows.map((r) => (
                      <tr key={r.classification}>
                        <th scope="row">{r.classification}</th>
                        <td>{r.count}</td>
                        <td>{(r.share * 100).toFixed(1)}%</td>
                      </tr>
                    ))}
                  </tbody>
                </>
              }
            />
          </div>
          {stats.approximations.map((a) => (
            <p class="muted note" key={a}>
              Note: {a}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
