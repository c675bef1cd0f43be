// The queue: the list command's filters, sorting, keyset paging ("Load more"),
// counts for the whole selection, several workspaces merged, and the keyboard:
// j/k move, / searches, Enter opens.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, enc } from "./api.js";
import { ago, num, visible, when } from "./text.js";
import { Text } from "./longText.js";
import type { Config, QueueRow } from "./types.js";

export interface Filters {
  ws: string;
  severity: string[];
  status: string[];
  owner: string;
  unassigned: boolean;
  label: string;
  since: string;
  q: string;
  sort: string;
  dir: string;
}

// Kept across views, so coming back from an incident shows the same queue.
let saved: Filters = { ws: "", severity: [], status: ["New", "Active"], owner: "", unassigned: false, label: "", since: "", q: "", sort: "created", dir: "desc" };
let savedSelection = 0;

export function queryOf(f: Filters): string {
  const p = new URLSearchParams();
  if (f.ws) p.set("ws", f.ws);
  if (f.severity.length) p.set("severity", f.severity.join(","));
  if (f.status.length) p.set("status", f.status.join(","));
  if (f.unassigned) p.set("owner", "unassigned");
  else if (f.owner.trim()) p.set("owner", f.owner.trim());
  if (f.label.trim()) p.set("label", f.label.trim());
  if (f.since) p.set("since", f.since);
  if (f.q.trim()) p.set("q", f.q.trim());
  p.set("sort", f.sort);
  p.set("dir", f.dir);
  return p.toString();
}

interface Counts {
  total: number;
  severity: Record<string, number>;
  status: Record<string, number>;
  unassigned: number;
}

export function QueueView({ config }: { config: Config }) {
  const [filters, setFilters] = useState<Filters>(saved);
  const [applied, setApplied] = useState<Filters>(saved);
  const [rows, setRows] = useState<QueueRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [selected, setSelected] = useState(savedSelection);
  const search = useRef<HTMLInputElement>(null);
  const table = useRef<HTMLTableSectionElement>(null);
  const several = config.workspaces.length > 1;

  // Text boxes apply after a pause in typing; the other controls at once.
  useEffect(() => {
    const t = setTimeout(() => setApplied(filters), 300);
    return () => clearTimeout(t);
  }, [filters]);

  useEffect(() => {
    saved = applied;
    const abort = new AbortController();
    const query = queryOf(applied);
    setLoading(true);
    setError(null);
    setCounts(null);
    api<{ rows: QueueRow[]; cursor: string | null }>("GET", `/api/incidents?${query}`, undefined, abort.signal)
      .then((r) => {
        setRows(r.rows);
        setCursor(r.cursor);
        setSelected((s) => Math.min(s, Math.max(0, r.rows.length - 1)));
        setLoading(false);
        return api<Counts>("GET", `/api/counts?${query}`, undefined, abort.signal).then(setCounts);
      })
      .catch((e: unknown) => {
        if (abort.signal.aborted) return;
        setLoading(false);
        setError(e instanceof ApiError ? e.message : String(e));
      });
    return () => abort.abort();
  }, [applied]);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const r = await api<{ rows: QueueRow[]; cursor: string | null }>("GET", `/api/incidents?${queryOf(applied)}&cursor=${enc(cursor)}`);
      setRows((old) => [...old, ...r.rows]);
      setCursor(r.cursor);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  };

  const open = (row: QueueRow | undefined) => {
    if (row) location.hash = `#/incident/${enc(row.ws)}/${enc(row.name)}`;
  };

  useEffect(() => {
    savedSelection = selected;
    const tr = table.current?.children[selected] as HTMLElement | undefined;
    tr?.scrollIntoView?.({ block: "nearest" });
  }, [selected]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      const typing = /^(TEXTAREA|SELECT)$/.test(target.tagName) || (target.tagName === "INPUT" && !/^(checkbox|radio|button|submit)$/.test((target as HTMLInputElement).type));
      if (typing) {
        if (e.key === "Escape") target.blur();
        return;
      }
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "j") setSelected((s) => Math.min(s + 1, rows.length - 1));
      else if (e.key === "k") setSelected((s) => Math.max(s - 1, 0));
      else if (e.key === "/") {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === "Enter" && target.tagName !== "A" && target.tagName !== "BUTTON") open(rows[selected]);
      else return;
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [rows, selected]);

  const set = (patch: Partial<Filters>, now = true) => {
    const next = { ...filters, ...patch };
    setFilters(next);
    if (now) setApplied(next);
  };
  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Incident queue</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label class="search">
          <span>
            Title contains <kbd>/</kbd>
          </span>
          <input ref={search} type="search" name="q" value={filters.q} onInput={(e) => set({ q: e.currentTarget.value }, false)} />
        </label>
        <fieldset>
          <legend>Severity</legend>
          {config.severities.map((s) => (
            <label key={s}>
              <input type="checkbox" name="severity" value={s} checked={filters.severity.includes(s)} onChange={() => set({ severity: toggle(filters.severity, s) })} /> {s}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Status</legend>
          {config.statuses.map((s) => (
            <label key={s}>
              <input type="checkbox" name="status" value={s} checked={filters.status.includes(s)} onChange={() => set({ status: toggle(filters.status, s) })} /> {s}
            </label>
          ))}
        </fieldset>
        <label>
          Owner (UPN)
          <input name="owner" value={filters.owner} disabled={filters.unassigned} onInput={(e) => set({ owner: e.currentTarget.value }, false)} />
        </label>
        <label class="inline">
          <input type="checkbox" name="unassigned" checked={filters.unassigned} onChange={() => set(filters.unassigned ? { unassigned: false } : { unassigned: true, owner: "" })} /> Unassigned
        </label>
        <label>
          Label
          <input name="label" value={filters.label} onInput={(e) => set({ label: e.currentTarget.value }, false)} />
        </label>
        <label>
          Created
          <select name="since" value={filters.since} onChange={(e) => set({ since: e.currentTarget.value })}>
            <option value="">any time</option>
            <option value="24h">last 24 hours</option>
            <option value="7d">last 7 days</option>
            <option value="30d">last 30 days</option>
            <option value="90d">last 90 days</option>
          </select>
        </label>
        <label>
          Sort by
          <select name="sort" value={filters.sort} onChange={(e) => set({ sort: e.currentTarget.value })}>
            <option value="created">created</option>
            <option value="modified">last modified</option>
            <option value="number">number</option>
            <option value="title">title</option>
          </select>
        </label>
        <label>
          Order
          <select name="dir" value={filters.dir} onChange={(e) => set({ dir: e.currentTarget.value })}>
            <option value="desc">descending</option>
            <option value="asc">ascending</option>
          </select>
        </label>
        {several && (
          <label>
            Workspace
            <select name="ws" value={filters.ws} onChange={(e) => set({ ws: e.currentTarget.value })}>
              <option value="">all</option>
              {config.workspaces.map((w) => (
                <option key={w.label} value={w.label}>
                  {w.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </form>
      <p class="counts" aria-live="polite" data-testid="counts">
        {counts
          ? `${num(counts.total)} match · ${config.severities.map((s) => `${s} ${num(counts.severity[s] ?? 0)}`).join(" · ")} · ${num(counts.unassigned)} unassigned`
          : loading
            ? "Loading…"
            : `${num(rows.length)} shown · counting…`}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <table class="queue" aria-label="Incidents" aria-busy={loading ? "true" : "false"}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Severity</th>
            <th scope="col">Status</th>
            <th scope="col">Title</th>
            <th scope="col">Owner</th>
            <th scope="col">Labels</th>
            <th scope="col">Created</th>
            {several && <th scope="col">Workspace</th>}
          </tr>
        </thead>
        <tbody ref={table}>
          {rows.map((r, i) => (
            <tr key={`${r.ws}/${r.name}`} class={i === selected ? "selected" : undefined} aria-selected={i === selected ? "true" : "false"} onClick={() => setSelected(i)} onDblClick={() => open(r)} data-name={r.name}>
              <td class="num">{r.number ?? ""}</td>
              <td>
                <span class={`sev sev-${r.severity}`}>{visible(r.severity)}</span>
              </td>
              <td>{visible(r.status)}</td>
              <td class="title">
                <a href={`#/incident/${enc(r.ws)}/${enc(r.name)}`}><Text v={r.title} /></a>
              </td>
              <td>{r.owner ? <Text v={r.owner} /> : <span class="muted">unassigned</span>}</td>
              <td>
                {r.labels.map((l) => (
                  <span class="chip" key={l}>
                    <Text v={l} />
                  </span>
                ))}
              </td>
              <td title={when(r.created)}>{ago(r.created)}</td>
              {several && <td>{visible(r.ws)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && rows.length === 0 && !error && <p class="muted">No incident matches these filters.</p>}
      {cursor && (
        <button type="button" class="more" onClick={more} disabled={loading}>
          Load more
        </button>
      )}
      <p class="hint muted">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>/</kbd> search, <kbd>Enter</kbd> open.
      </p>
    </section>
  );
}
