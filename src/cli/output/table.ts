// Tables sized to the terminal: fixed columns keep their width and the flexible
// one (the title) takes what is left, cut with an ellipsis.
import { displayWidth, pad, paint, safe, truncate, type Style } from "./style.js";

export interface Column<T> {
  header: string;
  value(item: T): string;
  /** Colour for a cell, if any. */
  color?(item: T): Parameters<typeof paint>[1] | undefined;
  /** Takes the remaining width. */
  flex?: boolean;
  /**
   * Narrowest it may get (for the flexible column, its header's width by default).
   * A fixed column with a `min` gives way to the flexible one until that has a
   * fair share; one without keeps its width unless nothing else fits.
   */
  min?: number;
  /** Widest it may get. */
  max?: number;
  align?: "left" | "right";
}

/** What the flexible column (the title) gets before fixed columns with a `min` stop giving way. */
const FAIR_FLEX_WIDTH = 30;

export function renderTable<T>(items: readonly T[], columns: Column<T>[], width: number, style: Style): string {
  const cells = items.map((item) => columns.map((c) => safe(c.value(item) ?? "")));
  const natural = columns.map((c, i) => Math.min(c.max ?? Infinity, Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i]!)))));
  const gap = 2;
  const gaps = gap * (columns.length - 1);
  const widths = [...natural];
  const sum = () => widths.reduce((s, w) => s + w, 0) + gaps;
  const flexIndex = columns.findIndex((c) => c.flex);
  if (flexIndex >= 0) {
    const flexMin = columns[flexIndex]!.min ?? displayWidth(columns[flexIndex]!.header);
    // The title is what a triager reads: on a narrow terminal the columns that may shrink (the owner) give way first.
    widths[flexIndex] = Math.min(natural[flexIndex]!, Math.max(flexMin, FAIR_FLEX_WIDTH));
    while (sum() > width) {
      let widest = -1;
      widths.forEach((w, i) => {
        const min = columns[i]!.min;
        if (i !== flexIndex && min !== undefined && w > min && (widest < 0 || w > widths[widest]!)) widest = i;
      });
      if (widest < 0) break;
      widths[widest]!--;
    }
    widths[flexIndex] = Math.max(flexMin, Math.min(natural[flexIndex]!, width - (sum() - widths[flexIndex]!)));
  }
  // Still too wide (a very narrow terminal): shrink the widest columns.
  let total = sum();
  while (total > width) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > (columns[i]!.min ?? 3) && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]!--;
    total--;
  }
  const line = (values: string[], colorOf?: (i: number) => Parameters<typeof paint>[1] | undefined) =>
    values
      .map((v, i) => {
        const text = truncate(v, widths[i]!);
        const padded = columns[i]!.align === "right" ? " ".repeat(Math.max(0, widths[i]! - displayWidth(text))) + text : pad(text, widths[i]!);
        const color = colorOf?.(i);
        return color ? paint(style, color, padded) : padded;
      })
      .join(" ".repeat(gap))
      .replace(/\s+$/, "");
  const out = [paint(style, "bold", line(columns.map((c) => c.header)))];
  cells.forEach((row, r) => out.push(line(row, (i) => columns[i]!.color?.(items[r]!))));
  return `${out.join("\n")}\n`;
}

/** A plain table of arbitrary rows (for --query results and other lists). */
export function renderRows(rows: Record<string, unknown>[], width: number, style: Style, columns?: string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const last = cols.length - 1;
  return renderTable(
    rows,
    cols.map((c, i) => ({
      header: c,
      value: (r: Record<string, unknown>) => {
        const v = r[c];
        return v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
      },
      flex: i === last,
      max: i === last ? undefined : 60,
    })),
    width,
    style,
  );
}
