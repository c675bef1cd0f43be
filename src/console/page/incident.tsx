// One incident: its card, actions (assign, severity, status, labels, close with a
// valid classification and reason, reopen, tasks), entities by kind, alerts on a
// timeline, comments with a box to post, bookmarks. Every action says what
// happened, or the service's error; a conflict reloads and says what changed.
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, enc } from "./api.js";
import { Text } from "./longText.js";
import { visible, when } from "./text.js";
import type { Config, Details, Incident } from "./types.js";

type Notice = { kind: "ok" | "error"; text: string; changes?: { field: string; before: unknown; after: unknown }[] };

const ownerOf = (i: Incident) => i.properties.owner?.userPrincipalName || i.properties.owner?.email || i.properties.owner?.assignedTo || i.properties.owner?.objectId || null;

export function IncidentView({ config, ws, name }: { config: Config; ws: string; name: string }) {
  const [details, setDetails] = useState<Details | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/incidents/${enc(ws)}/${enc(name)}`;

  const load = async () => {
    try {
      setDetails(await api<Details>("GET", base));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  useEffect(() => {
    setDetails(null);
    void load();
  }, [ws, name]);

  /** Runs one action, then reloads; says what happened either way, once the card shows the incident as it now is. */
  const act = async (label: string, run: () => Promise<unknown>) => {
    setBusy(true);
    setNotice(null);
    let notice: Notice;
    try {
      await run();
      notice = { kind: "ok", text: `${label}: done.` };
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        notice = { kind: "error", text: `${label}: ${e.message}`, changes: (e.body.changes as Notice["changes"]) ?? [] };
      } else notice = { kind: "error", text: `${label} failed: ${e instanceof ApiError ? e.message : String(e)}` };
    }
    try {
      await load();
    } finally {
      setNotice(notice);
      setBusy(false);
    }
  };

  const update = (label: string, change: Record<string, unknown>) => act(label, () => api("PATCH", base, { etag: details!.incident.etag, seen: details!.incident, update: change }));

  if (error && !details)
    return (
      <p class="error" role="alert">
        {error} <a href="#/queue">Back to the queue</a>
      </p>
    );
  if (!details) return <p aria-busy="true">Loading the incident…</p>;
  const p = details.incident.properties;
  const owner = ownerOf(details.incident);

  return (
    <article class="incident" aria-labelledby="incident-title">
      <p>
        <a href="#/queue">← Queue</a>
      </p>
      <header class="card">
        <h1 id="incident-title">
          <span class="num">#{p.incidentNumber ?? ""}</span> <span data-testid="title"><Text v={p.title} /></span>
        </h1>
        <dl class="facts">
          <dt>Severity</dt>
          <dd>
            <span class={`sev sev-${p.severity}`} data-testid="severity">
              {visible(p.severity)}
            </span>
          </dd>
          <dt>Status</dt>
          <dd data-testid="status">{visible(p.status)}</dd>
          <dt>Owner</dt>
          <dd data-testid="owner">{owner ? <Text v={owner} /> : "unassigned"}</dd>
          <dt>Labels</dt>
          <dd>
            {(p.labels ?? []).length === 0 && <span class="muted">none</span>}
            {(p.labels ?? []).map((l) => (
              <span class="chip" key={l.labelName}>
                <Text v={l.labelName} />
                <button type="button" class="x" aria-label={`Remove label ${l.labelName}`} disabled={busy} onClick={() => update("Remove label", { removeLabels: [l.labelName] })}>
                  ×
                </button>
              </span>
            ))}
          </dd>
          <dt>Created</dt>
          <dd>{when(p.createdTimeUtc)}</dd>
          <dt>Last modified</dt>
          <dd>{when(p.lastModifiedTimeUtc)}</dd>
          <dt>Activity</dt>
          <dd>
            {p.firstActivityTimeUtc || p.lastActivityTimeUtc ? `${when(p.firstActivityTimeUtc)} – ${when(p.lastActivityTimeUtc)}` : <span class="muted">none recorded</span>}
          </dd>
          {p.classification && (
            <>
              <dt>Classification</dt>
              <dd data-testid="classification">
                {visible(p.classification)}
                {p.classificationReason ? ` (${visible(p.classificationReason)})` : ""}
                {p.classificationComment ? <> — <Text v={p.classificationComment} /></> : ""}
              </dd>
            </>
          )}
          <dt>Portal</dt>
          <dd>
            {details.portalUrl ? (
              <a href={details.portalUrl} target="_blank" rel="noopener noreferrer">
                Open in the Azure portal
              </a>
            ) : (
              <span class="muted" data-testid="portal-text">
                {p.incidentUrl ? <Text v={p.incidentUrl} /> : "none"}
              </span>
            )}
          </dd>
        </dl>
        {p.description && (
          <p class="description" data-testid="description">
            <Text v={p.description} />
          </p>
        )}
      </header>

      <div role="status" aria-live="polite" class={notice ? `notice ${notice.kind}` : "notice"} data-testid="notice">
        {notice?.text}
        {notice?.changes && notice.changes.length > 0 && (
          <ul>
            {notice.changes.map((c) => (
              <li key={c.field}>
                {c.field}: <Text v={c.before ?? "none"} /> → <Text v={c.after ?? "none"} />
              </li>
            ))}
          </ul>
        )}
      </div>

      <Actions config={config} details={details} busy={busy} update={update} act={act} base={base} />

      <section aria-labelledby="alerts-h">
        <h2 id="alerts-h">Alerts ({details.alerts.length})</h2>
        <ol class="timeline">
          {details.alerts.map((a) => (
            <li key={a.name}>
              <time>{when(a.time)}</time> <span class={`sev sev-${a.severity ?? ""}`}><Text v={a.severity ?? ""} /></span> <strong data-testid="alert-name"><Text v={a.displayName} /></strong>
              {a.product && <span class="muted"> · <Text v={a.product} /></span>}
              {a.tactics.length > 0 && <span class="muted"> · <Text v={a.tactics.join(", ")} /></span>}
              {a.description && <p class="muted"><Text v={a.description} /></p>}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="entities-h">
        <h2 id="entities-h">Entities</h2>
        {details.entities.length === 0 && <p class="muted">None.</p>}
        {details.entities.map((g) => (
          <details key={g.kind} open>
            <summary>
              {visible(g.kind)} ({g.items.length})
            </summary>
            <ul class="entities">
              {g.items.map((e) => (
                <li key={e.name}>
                  <strong data-testid="entity-name"><Text v={e.friendlyName ?? e.name} /></strong>
                  <span class="props">
                    {Object.entries(e.properties)
                      .filter(([k, v]) => k !== "friendlyName" && (typeof v === "string" || typeof v === "number" || typeof v === "boolean"))
                      .slice(0, 8)
                      .map(([k, v]) => (
                        <span key={k} class="prop">
                          {k}: <Text v={v} />
                        </span>
                      ))}
                  </span>
                </li>
              ))}
            </ul>
          </details>
        ))}
      </section>

      <section aria-labelledby="comments-h">
        <h2 id="comments-h">Comments ({details.comments.length})</h2>
        <ol class="comments">
          {details.comments.map((c) => (
            <li key={c.name}>
              <div class="muted">
                <Text v={c.author ?? "unknown"} /> · {when(c.created)}
              </div>
              <p class="message" data-testid="comment">
                <Text v={c.message} />
              </p>
            </li>
          ))}
        </ol>
        <CommentBox busy={busy} onPost={(message) => act("Post comment", () => api("POST", `${base}/comments`, { message }))} />
      </section>

      <section aria-labelledby="bookmarks-h">
        <h2 id="bookmarks-h">Bookmarks ({details.bookmarks.length})</h2>
        <ul>
          {details.bookmarks.map((b) => (
            <li key={b.name}>
              <Text v={b.displayName} /> <span class="muted">{when(b.created)}</span>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

function CommentBox({ busy, onPost }: { busy: boolean; onPost: (message: string) => Promise<void> }) {
  const [text, setText] = useState("");
  return (
    <form
      class="post"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!text.trim()) return;
        await onPost(text);
        setText("");
      }}
    >
      <label for="comment-box">New comment</label>
      <textarea id="comment-box" name="comment" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      <button type="submit" disabled={busy || !text.trim()}>
        Post comment
      </button>
    </form>
  );
}

interface ActionsProps {
  config: Config;
  details: Details;
  busy: boolean;
  base: string;
  update: (label: string, change: Record<string, unknown>) => Promise<void>;
  act: (label: string, run: () => Promise<unknown>) => Promise<void>;
}

function Actions({ config, details, busy, base, update, act }: ActionsProps) {
  const p = details.incident.properties;
  const [owner, setOwner] = useState("");
  const [label, setLabel] = useState("");
  const [classification, setClassification] = useState("");
  const [reason, setReason] = useState("");
  const [closeComment, setCloseComment] = useState("");
  const [task, setTask] = useState("");
  const reasons = classification ? (config.reasons[classification] ?? []) : [];
  useEffect(() => setReason(reasons[0] ?? ""), [classification]);

  return (
    <section class="actions" aria-labelledby="actions-h">
      <h2 id="actions-h">Actions</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (owner.trim()) void update("Assign", { owner: owner.trim() }).then(() => setOwner(""));
        }}
      >
        <label>
          Assign to (UPN, email or objectId)
          <input name="owner" value={owner} onInput={(e) => setOwner(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy || !owner.trim()}>
          Assign
        </button>
        <button type="button" disabled={busy || !config.me} title={config.me ? `Assign to ${config.me}` : "Start the console with --me you@contoso.com"} onClick={() => update("Assign to me", { owner: "me" })}>
          Assign to me
        </button>
        <button type="button" disabled={busy || !ownerOf(details.incident)} onClick={() => update("Unassign", { owner: null })}>
          Unassign
        </button>
      </form>
      <form onSubmit={(e) => e.preventDefault()}>
        <label>
          Severity
          <select name="severity" value={p.severity} disabled={busy} onChange={(e) => update("Change severity", { severity: e.currentTarget.value })}>
            {config.severities.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        {p.status !== "Closed" && (
          <label>
            Status
            <select name="status" value={p.status} disabled={busy} onChange={(e) => update("Change status", { status: e.currentTarget.value })}>
              <option>New</option>
              <option>Active</option>
            </select>
          </label>
        )}
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (label.trim()) void update("Add label", { addLabels: [label.trim()] }).then(() => setLabel(""));
        }}
      >
        <label>
          Label
          <input name="label" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy || !label.trim()}>
          Add label
        </button>
      </form>
      {p.status === "Closed" ? (
        <form onSubmit={(e) => e.preventDefault()}>
          <button type="button" disabled={busy} onClick={() => update("Reopen", { status: "Active" })}>
            Reopen
          </button>
        </form>
      ) : (
        <form
          class="close"
          onSubmit={(e) => {
            e.preventDefault();
            if (!classification) return;
            const change: Record<string, unknown> = { status: "Closed", classification };
            if (reason) change.classificationReason = reason;
            if (closeComment.trim()) change.classificationComment = closeComment.trim();
            void update("Close", change);
          }}
        >
          <label>
            Classification
            <select name="classification" value={classification} onChange={(e) => setClassification(e.currentTarget.value)}>
              <option value="">choose…</option>
              {config.classifications.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          {reasons.length > 0 && (
            <label>
              Reason
              <select name="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
                {reasons.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
          )}
          <label>
            Closing comment
            <input name="closeComment" value={closeComment} onInput={(e) => setCloseComment(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={busy || !classification}>
            Close incident
          </button>
        </form>
      )}
      <div class="tasks">
        <h3>Tasks ({details.tasks.length})</h3>
        <ul>
          {details.tasks.map((t) => (
            <li key={t.name} class={t.status === "Completed" ? "done" : undefined}>
              <span data-testid="task"><Text v={t.title} /></span> <span class="muted">{t.status}</span>{" "}
              {t.status !== "Completed" && (
                <button type="button" disabled={busy} onClick={() => act("Complete task", () => api("PATCH", `${base}/tasks/${enc(t.name)}`, { status: "Completed" }))}>
                  Complete
                </button>
              )}
            </li>
          ))}
        </ul>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (task.trim()) void act("Add task", () => api("POST", `${base}/tasks`, { title: task.trim() })).then(() => setTask(""));
          }}
        >
          <label>
            New task
            <input name="task" value={task} onInput={(e) => setTask(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={busy || !task.trim()}>
            Add task
          </button>
        </form>
      </div>
    </section>
  );
}
