// Times as tables show them: in UTC (said in the header) or, with --local, in the
// zone of the machine (its abbreviation in the header). A --since/--until time typed
// without a zone is read in that same zone, so what the table shows is what selects.

export interface TimeZoneChoice {
  /** Local time instead of UTC. */
  local?: boolean;
}

function parts(d: Date, local: boolean) {
  return local
    ? { y: d.getFullYear(), mo: d.getMonth() + 1, da: d.getDate(), h: d.getHours(), mi: d.getMinutes() }
    : { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, da: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() };
}

const two = (n: number) => String(n).padStart(2, "0");

/** `2026-11-29 14:36`, or `11-29 14:36` when compact; in UTC unless local. */
export function formatTime(iso: string | undefined, zone: TimeZoneChoice = {}, compact = false): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = parts(d, zone.local === true);
  const day = `${two(p.mo)}-${two(p.da)}`;
  return `${compact ? day : `${p.y}-${day}`} ${two(p.h)}:${two(p.mi)}`;
}

/** The zone's name for headers: `UTC`, or the local abbreviation (EST, CET, GMT+5:30). */
export function zoneName(zone: TimeZoneChoice = {}, at = new Date()): string {
  if (!zone.local) return "UTC";
  const name = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(at).find((x) => x.type === "timeZoneName")?.value;
  return name ?? "local";
}

/** A time with its zone, and the other zone beside it (the card shows both). */
export function bothZones(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const utc = `${formatTime(iso)} UTC`;
  const localName = zoneName({ local: true }, d);
  if (localName === "UTC" || d.getTimezoneOffset() === 0) return utc;
  return `${utc} (${formatTime(iso, { local: true })} ${localName})`;
}

/**
 * A time typed on the command line. With a zone (Z, +01:00) it means that instant;
 * without one it is read in UTC, or in local time with --local. Date only means midnight.
 */
export function parseTypedTime(value: string, zone: TimeZoneChoice = {}): Date | undefined {
  const text = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/.exec(text);
  if (m) {
    const [y, mo, da, h = "0", mi = "0", s = "0", ms = "0"] = m.slice(1).map((x) => x ?? undefined) as string[];
    const n = [y, mo, da, h, mi, s, ms.padEnd(3, "0")].map(Number) as [number, number, number, number, number, number, number];
    const d = zone.local ? new Date(n[0], n[1] - 1, n[2], n[3], n[4], n[5], n[6]) : new Date(Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5], n[6]));
    if (d.getTime() !== d.getTime() || (zone.local ? d.getMonth() : d.getUTCMonth()) !== n[1] - 1) return undefined;
    return d;
  }
  // Only a time that states its zone goes to Date.parse (which reads a zoneless time as local).
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined;
  const ms = Date.parse(text.replace(" ", "T"));
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
