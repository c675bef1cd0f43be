// Opens the emulator's SQLite database and brings its schema up to date.
import Database from "better-sqlite3";
import { registerODataFunctions } from "../odata/index.js";
import { MIGRATIONS } from "./migrations.js";

export type Db = Database.Database;

export function openDatabase(path: string): Db {
  const db = new Database(path);
  // Incident documents run to a few KiB; larger pages keep most of them on one page.
  // (Only takes effect when the database is created.)
  db.pragma("page_size = 8192");
  // WAL keeps readers off the writer's back; NORMAL sync is durable against a
  // killed process (the case the crash tests cover), FULL only adds power-loss safety.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  registerODataFunctions(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${current} is newer than this emulator understands (${MIGRATIONS.length}); upgrade sentinel-incidents`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
