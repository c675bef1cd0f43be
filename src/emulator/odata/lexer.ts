// Tokens of $filter and $orderby. Keywords are not special here: `and`,
// `eq`, `true` are identifiers and the parser decides what they mean, so
// a property that happens to be called `in` cannot confuse the lexer.
import { quote, semanticError, syntaxError, type ODataOption } from "./errors.js";

/** Longer input is refused before any work is done (the API's URLs are bounded too). */
export const MAX_INPUT_LENGTH = 10_000;

export type Punct = "(" | ")" | "," | "/" | ":";

export type Token =
  | { kind: "ident"; text: string; pos: number }
  | { kind: "string"; text: string; pos: number; value: string }
  | { kind: "number"; text: string; pos: number; value: number }
  /** Unquoted date or date-time; value is epoch milliseconds. */
  | { kind: "datetime"; text: string; pos: number; value: number }
  | { kind: "punct"; text: Punct; pos: number }
  | { kind: "eof"; text: ""; pos: number };

const WHITESPACE = /[ \t\r\n]+/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const DATE_START = /\d{4}-\d{2}-\d{2}/y;
const DATETIME_BODY =
  "(\\d{4})-(\\d{2})-(\\d{2})(?:[Tt](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,12}))?)?([Zz]|[+-]\\d{2}:\\d{2})?)?";
const DATETIME = new RegExp(DATETIME_BODY, "y");
const DATETIME_EXACT = new RegExp(`^${DATETIME_BODY}$`);
/** A literal running straight into one of these is malformed, e.g. `12abc`, `1.`. */
const LITERAL_TAIL = /[A-Za-z0-9_.:+-]/;

export function tokenize(text: string, option: ODataOption): Token[] {
  if (typeof text !== "string") throw syntaxError(option, 0, "expected the option's value to be text");
  if (text.length > MAX_INPUT_LENGTH) {
    throw semanticError(option, MAX_INPUT_LENGTH, `the expression is longer than the maximum of ${MAX_INPUT_LENGTH} characters`);
  }
  const tokens: Token[] = [];
  let pos = 0;
  const at = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    return re.exec(text)?.[0];
  };
  while (pos < text.length) {
    const space = at(WHITESPACE);
    if (space) {
      pos += space.length;
      continue;
    }
    const ch = text[pos];
    if ("(),/:".includes(ch)) {
      tokens.push({ kind: "punct", text: ch as Punct, pos });
      pos += 1;
    } else if (ch === "'") {
      const { value, end } = readString(text, pos, option);
      tokens.push({ kind: "string", text: text.slice(pos, end), pos, value });
      pos = end;
    } else if (at(DATE_START)) {
      const raw = at(DATETIME)!;
      checkTail(text, pos + raw.length, raw, option, pos, "date/time");
      const value = parseDateTime(raw);
      if (value === undefined) throw syntaxError(option, pos, `${quote(raw)} is not a valid date/time`);
      tokens.push({ kind: "datetime", text: raw, pos, value });
      pos += raw.length;
    } else if (/[0-9-]/.test(ch) && at(NUMBER)) {
      const raw = at(NUMBER)!;
      checkTail(text, pos + raw.length, raw, option, pos, "number");
      const value = Number(raw);
      if (!Number.isFinite(value)) throw syntaxError(option, pos, `number ${quote(raw)} is out of range`);
      tokens.push({ kind: "number", text: raw, pos, value });
      pos += raw.length;
    } else if (at(IDENT)) {
      const raw = at(IDENT)!;
      tokens.push({ kind: "ident", text: raw, pos });
      pos += raw.length;
    } else {
      const cp = text.codePointAt(pos)!;
      const hex = cp.toString(16).toUpperCase().padStart(4, "0");
      throw syntaxError(option, pos, `unexpected character ${quote(String.fromCodePoint(cp))} (U+${hex})`);
    }
  }
  tokens.push({ kind: "eof", text: "", pos: text.length });
  return tokens;
}

function readString(text: string, start: number, option: ODataOption): { value: string; end: number } {
  let value = "";
  let from = start + 1;
  for (;;) {
    const close = text.indexOf("'", from);
    if (close < 0) throw syntaxError(option, start, "unterminated string literal (a quote inside a string is written '')");
    value += text.slice(from, close);
    if (text[close + 1] !== "'") return { value, end: close + 1 };
    value += "'";
    from = close + 2;
  }
}

function checkTail(text: string, end: number, raw: string, option: ODataOption, pos: number, what: string): void {
  if (end < text.length && LITERAL_TAIL.test(text[end])) {
    throw syntaxError(option, pos, `malformed ${what} literal ${quote(raw + text.slice(end, end + 1))}`);
  }
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * ISO 8601 date or date-time to epoch milliseconds, or undefined when the
 * text is not one. A missing offset means UTC (OData requires one, but
 * people type `2023-03-21T12:00:00` and mean UTC); a date alone is its
 * midnight UTC; fractions beyond milliseconds are truncated.
 */
export function parseDateTime(text: string): number | undefined {
  const m = DATETIME_EXACT.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1];
  if (month < 1 || month > 12 || day < 1 || day > monthDays) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== "Z" && zone !== "z") {
    const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  // setUTCFullYear, because Date.UTC maps years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime() - offsetMinutes * 60_000;
}
