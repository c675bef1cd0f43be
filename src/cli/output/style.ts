// Colour for terminals, none for pipes, NO_COLOR or --no-color.

export interface Style {
  color: boolean;
  /** Times in local time instead of UTC. */
  local?: boolean;
  /** The terminal shows OSC 8 hyperlinks. */
  hyperlinks?: boolean;
}

/**
 * Whether to write OSC 8 hyperlinks: terminals that ignore them print nothing extra,
 * but a few old ones show the sequence, so TERM=dumb and FORCE_HYPERLINK=0 turn them off.
 */
export function supportsHyperlinks(env: NodeJS.ProcessEnv): boolean {
  if (env.FORCE_HYPERLINK !== undefined) return env.FORCE_HYPERLINK !== "0";
  return env.TERM !== "dumb";
}

/** A URL printed whole, as a terminal hyperlink when the terminal supports them. */
export function link(style: Style, url: string): string {
  const shown = safe(url);
  // Only http(s) URLs become links, and the target is the neutralised text itself.
  if (!style.hyperlinks || !/^https?:\/\/[\x21-\x7e]+$/.test(shown)) return shown;
  return `\u001b]8;;${shown}\u001b\\${shown}\u001b]8;;\u001b\\`;
}

const CODES: Record<string, [number, number]> = {
  red: [31, 39],
  yellow: [33, 39],
  blue: [34, 39],
  gray: [90, 39],
  green: [32, 39],
  bold: [1, 22],
  dim: [2, 22],
};

export function paint(style: Style, name: keyof typeof CODES, text: string): string {
  if (!style.color) return text;
  const [open, close] = CODES[name]!;
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

export function severityColor(severity: string): keyof typeof CODES {
  switch (severity) {
    case "High":
      return "red";
    case "Medium":
      return "yellow";
    case "Low":
      return "blue";
    default:
      return "gray";
  }
}

/** Display width of text, counting wide characters (CJK, emoji) as two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp < 32 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp >= 0x300 && cp <= 0x36f) return 0;
  if (cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

/** Cuts text to a display width, ending with an ellipsis when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 1) return width === 1 ? "…" : "";
  let out = "";
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

export function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** Terminal text must not carry control characters from the data (they could move the cursor or hide text). */
export function safe(text: string): string {
  // ESC shows as ␛ so a neutralised escape sequence is visible for what it is; bidi
  // overrides (which reorder what follows) show as U+FFFD; every other control is a space.
  return String(text)
    .replace(/\u001b/g, "\u241b")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, "\ufffd");
}

/** As safe(), but line breaks are kept (for messages of several lines). */
export function safeLines(text: string): string {
  return String(text).split(/\r?\n/).map(safe).join("\n");
}

/**
 * Lines wrapped at spaces to fit `width` columns (a word longer than a line stays whole),
 * continuation lines indented by `indent`: error messages read in an 80-column terminal.
 */
export function wrapLines(text: string, width: number, indent = "  "): string {
  if (!(width > 20)) return text;
  const out: string[] = [];
  for (const line of text.split("\n")) {
    let current = "";
    for (const word of line.split(" ")) {
      const candidate = current === "" ? word : `${current} ${word}`;
      if (current !== "" && current.trim() !== "" && displayWidth(candidate) > width) {
        out.push(current);
        current = `${indent}${word}`;
      } else current = candidate;
    }
    out.push(current);
  }
  return out.join("\n");
}

/** "1 alert", "2 alerts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
