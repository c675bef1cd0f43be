// Scenarios 7 and 8 (issue 14): incidentStats against the raw list floor and its
// peak RSS, and the console's first page in Chromium, against the big emulator.
import { judged, median, ratios, runScenario, showSpread, spreadOf, type BenchRow, type Env } from "./lib.js";


const fmt = (n: number, d = 1) => n.toFixed(d);

export async function consoleBench(env: Env, size: { db: number; runs: number; rounds: number }, log: (line: string) => void): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const rows: BenchRow[] = [];
  const results: Record<string, unknown> = {};
  // The seed spreads its incidents over the last 90 days: this range holds them all.
  const sinceDays = 120;
  log(`11. incidentStats over the ${size.db} incidents of the last ${sinceDays} days vs the raw list…`);
  // Each round: the floor and incidentStats, each its own process (median of its runs), then
  // the peak RSS of a process that only counts (from dist/, no TypeScript loader).
  const times: Record<"floor" | "stats", number[]> = { floor: [], stats: [] };
  const rss: number[] = [];
  let counted = 0;
  for (let round = 0; round < size.rounds; round++) {
    for (const variant of ["floor", "stats"] as const) {
      times[variant].push(median((await runScenario<{ times: number[] }>("stats.ts", { variant, runs: Math.max(1, Math.round(size.runs / 2)), sinceDays }, env)).times));
    }
    const memory = await runScenario<{ count: number; peakRssMb: number }>("statsMemory.mjs", { sinceDays }, env);
    rss.push(memory.peakRssMb);
    counted = memory.count;
  }
  const vsFloor = ratios(times.stats, times.floor);
  const peak = spreadOf(rss);
  results.stats = { incidents: counted, roundMs: times, statsVsFloor: vsFloor, peakRssMb: peak };
  rows.push(
    { scenario: `11. incidentStats ${counted}`, metric: "fetch + JSON.parse (floor)", value: `${fmt(median(times.floor), 0)} ms` },
    { scenario: "", metric: "incidentStats (9 group keys) / floor", ...showSpread(vsFloor), target: "≤ 1.3×", ...judged(vsFloor, "<=", 1.3) },
    { scenario: "", metric: "peak RSS", ...showSpread(peak, 0, " MB"), target: "≤ 150 MB", ...judged(peak, "<=", 150) },
  );

  log("12. console: navigation to the queue's first rows in Chromium…");
  const page = await runScenario<{ times?: number[]; wall?: number[]; rows?: number; skipped?: string }>("consoleFirstPage.ts", { runs: size.runs }, env);
  if (page.skipped) {
    rows.push({ scenario: "12. console first page", metric: "Chromium", value: `skipped: ${page.skipped}` });
  } else {
    const first = median(page.times!);
    const wall = median(page.wall!);
    results.consoleFirstPage = { incidents: size.db, medianMs: first, runs: page.times, wallMedianMs: wall, rows: page.rows };
    rows.push(
      { scenario: `12. console first page (${size.db})`, metric: `navigation start → ${page.rows} rows in the DOM`, value: `${fmt(first, 0)} ms`, target: "≤ 1000 ms", met: first <= 1000 },
      { scenario: "", metric: "the same, seen from the test driver", value: `${fmt(wall, 0)} ms` },
    );
  }
  return { rows, results };
}
