// How results reach stdout: json and jsonl print the library's data as it is,
// csv and tsv its rows (dotted columns), table and card are for people.
import { columnsOf, toRows, type Row } from "../../client/rows.js";
import { UsageError } from "../errors.js";

export const OUTPUT_FORMATS = ["table", "json", "jsonl", "yaml", "csv", "tsv", "none"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseOutputFormat(value: string | undefined, isTty: boolean): OutputFormat {
  if (value === undefined) return isTty ? "table" : "json";
  const v = value.toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(v)) {
    throw new UsageError(`--output must be one of ${OUTPUT_FORMATS.join(", ")}, got '${value}'`);
  }
  return v as OutputFormat;
}

/** C1 controls (which JSON and YAML leave as they are) act on a terminal; bidi controls reorder what it shows. */
const BIDI = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const escapeBidi = (text: string) => text.replace(BIDI, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`);

// In JSON these characters occur only inside strings, where \uXXXX is the same character: the data is unchanged.
export function toJson(data: unknown): string {
  return `${escapeBidi(JSON.stringify(data, null, 2))}\n`;
}

export function toJsonl(data: unknown): string {
  const items = Array.isArray(data) ? data : [data];
  return items.map((i) => `${escapeBidi(JSON.stringify(i))}\n`).join("");
}

/** YAML; when a string carries bidi controls, strings are double-quoted so they can be written as \uXXXX escapes. */
export async function toYaml(data: unknown): Promise<string> {
  if (data === undefined) return "";
  const { stringify } = await import("yaml");
  if (!BIDI.test(JSON.stringify(data) ?? "")) return stringify(data ?? null);
  BIDI.lastIndex = 0;
  return escapeBidi(stringify(data ?? null, { defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" }));
}

/**
 * A cell a spreadsheet would run as a formula (OWASP's CSV-injection rule: it starts
 * with = + - @, tab or carriage return) gets a leading apostrophe, which shows it as text.
 */
export function inertCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Control characters other than line breaks and tabs would act on a terminal that shows the file. */
function neutral(text: string): string {
  return text.replace(/\u001b/g, "\u241b").replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, " ").replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, "\ufffd");
}

function delimited(value: Row[string], sep: string, raw: boolean): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (!raw) text = inertCell(neutral(text));
  // TSV as az writes it: a value's own tabs and line breaks become spaces.
  if (sep === "\t") return text.replace(/[\t\r\n]+/g, " ");
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface DelimitedOptions {
  columns?: string[];
  /** Cells exactly as they are (no formula guard, no control-character neutralising). */
  raw?: boolean;
}

/** The rows of a result with dotted column names, checked against --columns. */
export function resultRows(data: unknown, columns?: string[]): { rows: Row[]; cols: string[] } {
  const rows = toRows(data === null || data === undefined ? [] : Array.isArray(data) ? data : [data]);
  const known = columnsOf(rows);
  if (columns && rows.length > 0) {
    const unknown = columns.filter((c) => !known.includes(c));
    if (unknown.length > 0) {
      throw new UsageError(`--columns: unknown column${unknown.length === 1 ? "" : "s"} ${unknown.map((c) => `'${c}'`).join(", ")}; the known columns are: ${known.join(", ")}`);
    }
  }
  return { rows, cols: columns ?? known };
}

/** CSV (RFC 4180) with a header row; `columns` picks and orders the columns. */
export function toDelimited(data: unknown, sep: "," | "\t", options: DelimitedOptions | string[] = {}): string {
  const o = Array.isArray(options) ? { columns: options } : options;
  const { rows, cols } = resultRows(data, o.columns);
  const raw = o.raw === true;
  if (sep === "\t") return toTsv(rows, cols, raw);
  const lines = [cols.map((c) => delimited(c, sep, raw)).join(sep)];
  for (const row of rows) lines.push(cols.map((c) => delimited(row[c] ?? null, sep, raw)).join(sep));
  return `${lines.join("\n")}\n`;
}

/** TSV as `az -o tsv` writes it: no header row, one line per item, a scalar result alone on its line. */
function toTsv(rows: Row[], cols: string[], raw: boolean): string {
  if (rows.length === 0) return "";
  return rows.map((row) => `${cols.map((c) => delimited(row[c] ?? null, "\t", raw)).join("\t")}\n`).join("");
}

/** json "as rows": with --columns, each item cut to those columns (dotted names kept as keys). */
export function jsonRows(data: unknown, columns: string[]): unknown {
  const { rows, cols } = resultRows(data, columns);
  const picked = rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? null])));
  return Array.isArray(data) ? picked : picked[0] ?? null;
}

export function parseColumns(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const cols = value.split(",").map((c) => c.trim()).filter(Boolean);
  if (cols.length === 0) throw new UsageError("--columns needs at least one column name, e.g. --columns name,properties.title");
  return cols;
}
