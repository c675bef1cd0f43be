// Incident text is written by attackers. It is only ever put in the page as text
// (Preact text nodes, never innerHTML); on top of that, the invisible characters
// that reorder or hide text (bidi overrides, zero-width ones) are shown as visible
// marks, so "invoice\u202Efdp.exe" cannot pass for "invoiceexe.pdf".
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

export function visible(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(INVISIBLE, (c) => `⟦U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}⟧`);
}

/** A time as people read it, in their own zone. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return visible(iso);
  return d.toLocaleString(undefined, { year: "numeric", month: "short", day: "2-digit", hour: "2-digit", minute: "2-digit" });
}

export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "";
  const h = (now - Date.parse(iso)) / 3_600_000;
  if (!(h >= 0)) return "";
  if (h < 1) return `${Math.round(h * 60)}m ago`;
  if (h < 48) return `${Math.round(h)}h ago`;
  return `${Math.round(h / 24)}d ago`;
}

export const num = (n: number) => n.toLocaleString("en-US");

export function hours(h: number | null): string {
  if (h === null) return "–";
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} d`;
}
