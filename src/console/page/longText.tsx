// Incident text of any length, laid out in linear time. A browser lays out one long
// run without spaces (a base64 blob, a padded command line) in time that grows with
// the square of its length: a 100,000-character description froze the incident page
// for about 4 s, a megabyte for most of a minute. An explicit break opportunity
// (<wbr>) every RUN characters of such a run takes that to a few milliseconds, and,
// unlike a zero-width space, adds nothing to the text a user copies (a hash, a URL).
import type { ComponentChildren } from "preact";
import { visible } from "./text.js";

const RUN = 40;
const LONG_RUN = new RegExp(`\\S{${RUN}}`, "g");

/** The text's pieces, with a <wbr> after every RUN characters that more non-space characters follow. */
export function breakable(text: string): ComponentChildren {
  if (text.length <= RUN) return text;
  const out: ComponentChildren[] = [];
  let from = 0;
  LONG_RUN.lastIndex = 0;
  for (let m = LONG_RUN.exec(text); m; m = LONG_RUN.exec(text)) {
    const end = m.index + RUN;
    if (end < text.length && !/\s/.test(text[end]!)) {
      out.push(text.slice(from, end), <wbr />);
      from = end;
    }
  }
  if (from === 0) return text;
  out.push(text.slice(from));
  return out;
}

/** Attacker-written text, shown as text (invisible characters made visible), breakable anywhere it must. */
export function Text({ v }: { v: unknown }) {
  return <>{breakable(visible(v))}</>;
}
