// Flattens resources into rows with dotted column names, as a DataFrame of the
// API's JSON shows them (name, properties.title, properties.owner.email, ...),
// for CSV and table output.

export type Row = Record<string, string | number | boolean | null>;

function flatten(value: unknown, prefix: string, out: Row): void {
  if (value === undefined) return;
  if (value === null || typeof value !== "object") {
    out[prefix] = value as string | number | boolean | null;
    return;
  }
  if (Array.isArray(value)) {
    // Lists of labels read best as their names; other lists as JSON.
    if (value.every((v) => v && typeof v === "object" && "labelName" in v)) {
      out[prefix] = value.map((v) => (v as { labelName: string }).labelName).join(", ");
    } else if (value.every((v) => typeof v !== "object" || v === null)) {
      out[prefix] = value.join(", ");
    } else {
      out[prefix] = JSON.stringify(value);
    }
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 && prefix) out[prefix] = null;
  for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
}

/** One row per item; columns are the union over all items, in first-seen order. */
export function toRows(items: readonly unknown[]): Row[] {
  return items.map((item) => {
    const row: Row = {};
    flatten(item, "", row);
    return row;
  });
}

export function columnsOf(rows: readonly Row[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) seen.add(k);
  return [...seen];
}
