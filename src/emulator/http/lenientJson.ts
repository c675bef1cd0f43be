// The second reading of a request body, tried only after strict JSON.parse has
// failed. Azure's JSON reader is lenient, and clients written against it rely on
// that: MSTICPy sends Python's str(dict) — single-quoted strings and keys, with
// Python's escapes. JSON5 reads all of that except one escape, which is turned
// into JSON5 first. True/False/None (Python's literals) are not read: MSTICPy's
// own requests never carry them, and they are no more JSON5 than JSON.
import JSON5 from "json5";

// Every escape in the text, left to right, so that an escaped backslash (`\\U`)
// is consumed as one escape and never taken for the start of another.
const ESCAPE = /\\(U[0-9a-fA-F]{8}|[\s\S])/g;

/**
 * Python writes a code point outside the Basic Multilingual Plane that it does not
 * print as `\UXXXXXXXX` (tag characters in flag emoji, private-use planes). JSON5
 * would read `\U` as a plain `U` and keep the digits as text; rewrite it as the
 * UTF-16 pair of `\uXXXX` escapes it stands for.
 */
function expandLongEscapes(text: string): string {
  if (!text.includes("\\U")) return text;
  return text.replace(ESCAPE, (whole: string, escape: string) => {
    if (escape.length === 1) return whole;
    const codePoint = Number.parseInt(escape.slice(1), 16);
    if (codePoint > 0x10ffff) throw new SyntaxError(`the escape \\${escape} is beyond the last Unicode code point U+10FFFF`);
    let out = "";
    const units = String.fromCodePoint(codePoint);
    for (let i = 0; i < units.length; i++) out += `\\u${units.charCodeAt(i).toString(16).padStart(4, "0")}`;
    return out;
  });
}

/** Parses text that strict JSON refused: JSON5, plus Python's `\UXXXXXXXX` escape. Throws SyntaxError. */
export function parseLenientJson(text: string): unknown {
  return JSON5.parse(expandLongEscapes(text));
}
