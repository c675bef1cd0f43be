// A bulk run's journal: one JSON line per finished item, appended as the run goes.
// Re-running with the same journal skips what is done; a journal written for a
// different operation is refused rather than misread.
import { closeSync, existsSync, openSync, readFileSync, writeSync } from "node:fs";
import { SentinelValidationError } from "../errors.js";

export type Outcome = "succeeded" | "unchanged" | "failed";

interface Header {
  journal: 1;
  operation: string;
  key: string;
  startedAt: string;
}

interface Entry {
  item: string;
  outcome: Outcome;
  at: string;
  reason?: string;
}

export class Journal {
  private readonly fd: number;
  /** Items finished (succeeded or unchanged) in earlier runs of this journal. */
  readonly done = new Map<string, Outcome>();

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens (or starts) the journal of an operation; `key` identifies what the operation does. */
  static open(path: string, operation: string, key: string): Journal {
    const exists = existsSync(path);
    const done = new Map<string, Outcome>();
    if (exists) {
      const lines = readFileSync(path, "utf8").split("\n").filter((l) => l.trim() !== "");
      let header: Header | undefined;
      lines.forEach((line, i) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          // A line cut short by a crash is the last one; anything else is damage.
          if (i === lines.length - 1) return;
          throw new SentinelValidationError(`journal ${path} is damaged at line ${i + 1}; start a new journal.`, "journal", path);
        }
        if (i === 0) header = parsed as Header;
        else {
          const e = parsed as Entry;
          if (e.outcome === "failed") done.delete(e.item);
          else done.set(e.item, e.outcome);
        }
      });
      if (!header || header.journal !== 1) throw new SentinelValidationError(`${path} is not a sentinel-incidents journal.`, "journal", path);
      if (header.operation !== operation || header.key !== key) {
        throw new SentinelValidationError(
          `journal ${path} belongs to another bulk operation (${header.operation}, started ${header.startedAt}); use a new journal file for this one.`,
          "journal",
          path,
        );
      }
    }
    const fd = openSync(path, "a");
    const journal = new Journal(path, fd);
    for (const [k, v] of done) journal.done.set(k, v);
    if (!exists) journal.write({ journal: 1, operation, key, startedAt: new Date().toISOString() });
    return journal;
  }

  record(item: string, outcome: Outcome, reason?: string): void {
    const entry: Entry = { item, outcome, at: new Date().toISOString() };
    if (reason) entry.reason = reason;
    this.write(entry);
    if (outcome !== "failed") this.done.set(item, outcome);
  }

  close(): void {
    closeSync(this.fd);
  }

  private write(value: unknown): void {
    // One write per line: a kill leaves at most the last line cut short.
    writeSync(this.fd, `${JSON.stringify(value)}\n`);
  }
}
