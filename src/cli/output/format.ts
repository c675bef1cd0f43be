// How results reach stdout: json and jsonl print the library's data as it is,
// csv and tsv its rows (dotted columns), table and card are for people.
import { columnsOf, toRows, type Row } from "../../client/rows.js";
import { UsageError } from "../errors.js";

export const OUTPUT_FORMATS = ["table", "json", "jsonl", "csv", "tsv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseOutputFormat(value: string | undefined, isTty: boolean): OutputFormat {
  if (value === undefined) return isTty ? "table" : "json";
  const v = value.toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(v)) {
    throw new UsageError(`--output must be one of ${OUTPUT_FORMATS.join(", ")}, got '${value}'`);
  }
  return v as OutputFormat;
}

export function toJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

export function toJsonl(data: unknown): string {
  const items = Array.isArray(data) ? data : [data];
  return items.map((i) => `${JSON.stringify(i)}\n`).join("");
}

function delimited(value: Row[string], sep: string): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  if (sep === "\t") return text.replace(/[\t\r\n]+/g, " ");
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV (RFC 4180) or TSV of the rows; `columns` picks and orders the columns. */
export function toDelimited(data: unknown, sep: "," | "\t", columns?: string[]): string {
  const rows = toRows(Array.isArray(data) ? data : [data]);
  const cols = columns ?? columnsOf(rows);
  const lines = [cols.map((c) => delimited(c, sep)).join(sep)];
  for (const row of rows) lines.push(cols.map((c) => delimited(row[c] ?? null, sep)).join(sep));
  return `${lines.join("\n")}\n`;
}

export function parseColumns(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const cols = value.split(",").map((c) => c.trim()).filter(Boolean);
  if (cols.length === 0) throw new UsageError("--columns needs at least one column name, e.g. --columns name,properties.title");
  return cols;
}
