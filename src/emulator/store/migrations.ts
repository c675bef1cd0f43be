// Versioned schema. PRAGMA user_version records how many migrations a database
// has had, so a database made by an older emulator is brought forward on open.
//
// Tables holding whole documents keep a rowid: SQLite stores large rows badly in
// WITHOUT ROWID tables. Workspaces are referred to by a small integer id.

export const MIGRATIONS: readonly string[] = [
  // 1: the incidents API and what it touches.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE workspaces (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    subscription_id TEXT NOT NULL,
    resource_group TEXT NOT NULL,
    name TEXT NOT NULL,
    next_incident_number INTEGER NOT NULL DEFAULT 1
  );

  -- doc is the resource exactly as served; the other columns mirror fields of it
  -- that lists filter and sort on, so those can be indexed.
  CREATE TABLE incidents (
    ws INTEGER NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    first_ms INTEGER,
    last_ms INTEGER,
    doc TEXT NOT NULL
  );
  CREATE UNIQUE INDEX incidents_name ON incidents (ws, name);
  CREATE UNIQUE INDEX incidents_number ON incidents (ws, number);
  CREATE INDEX incidents_created ON incidents (ws, created_ms, name);
  CREATE INDEX incidents_modified ON incidents (ws, modified_ms, name);
  CREATE INDEX incidents_severity ON incidents (ws, severity, created_ms);
  CREATE INDEX incidents_status ON incidents (ws, status, created_ms);
  CREATE INDEX incidents_title ON incidents (ws, title);

  CREATE TABLE comments (
    ws INTEGER NOT NULL,
    incident TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL COLLATE NOCASE,
    created_ms INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE UNIQUE INDEX comments_name ON comments (ws, incident, name);

  -- Links from an incident to a bookmark, alert or entity of the same workspace.
  CREATE TABLE relations (
    ws INTEGER NOT NULL,
    incident TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL COLLATE NOCASE,
    related_kind TEXT NOT NULL,
    related_name TEXT NOT NULL COLLATE NOCASE,
    created_ms INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE UNIQUE INDEX relations_name ON relations (ws, incident, name);
  CREATE UNIQUE INDEX relations_target ON relations (ws, incident, related_kind, related_name);
  CREATE INDEX relations_reverse ON relations (ws, related_kind, related_name);

  CREATE TABLE tasks (
    ws INTEGER NOT NULL,
    incident TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL COLLATE NOCASE,
    created_ms INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE UNIQUE INDEX tasks_name ON tasks (ws, incident, name);

  CREATE TABLE bookmarks (
    ws INTEGER NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    display_name TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE UNIQUE INDEX bookmarks_name ON bookmarks (ws, name);

  -- Alerts and entities come from detections, not from this API: the seeder and
  -- test fixtures write them.
  CREATE TABLE alerts (
    ws INTEGER NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    doc TEXT NOT NULL
  );
  CREATE UNIQUE INDEX alerts_name ON alerts (ws, name);

  CREATE TABLE entities (
    ws INTEGER NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    kind TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE UNIQUE INDEX entities_name ON entities (ws, name);

  -- Which entities an alert or a bookmark carries.
  CREATE TABLE entity_links (
    ws INTEGER NOT NULL,
    owner_kind TEXT NOT NULL,
    owner_name TEXT NOT NULL COLLATE NOCASE,
    entity TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (ws, owner_kind, owner_name, entity)
  ) WITHOUT ROWID;
  `,
  // 2: the severity and status indexes also order by name, the paging tiebreaker,
  // so a filtered page needs no sort of its own.
  `
  DROP INDEX incidents_severity;
  CREATE INDEX incidents_severity ON incidents (ws, severity, created_ms, name);
  DROP INDEX incidents_status;
  CREATE INDEX incidents_status ON incidents (ws, status, created_ms, name);
  `,
  // 3: paging orders ties by name in binary order, in the direction of the first
  // key; indexes that end in that order let a page be read straight off the index.
  `
  DROP INDEX incidents_created;
  CREATE INDEX incidents_created ON incidents (ws, created_ms, name COLLATE BINARY);
  DROP INDEX incidents_modified;
  CREATE INDEX incidents_modified ON incidents (ws, modified_ms, name COLLATE BINARY);
  DROP INDEX incidents_severity;
  CREATE INDEX incidents_severity ON incidents (ws, severity, created_ms, name COLLATE BINARY);
  DROP INDEX incidents_status;
  CREATE INDEX incidents_status ON incidents (ws, status, created_ms, name COLLATE BINARY);
  CREATE INDEX comments_created ON comments (ws, incident, created_ms, name COLLATE BINARY);
  `,
];
