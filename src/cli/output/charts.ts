// Inline charts for the terminal: horizontal bars and a sparkline, in Unicode
// block characters, or plain ASCII where the terminal cannot show those.

export interface ChartGlyphs {
  ascii: boolean;
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
const SPARKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
const ASCII_SPARKS = ["_", ".", "-", "~", "=", "+", "*", "#"];

/** A bar `value / max` of `width` columns, to the eighth of a column in Unicode. */
export function bar(value: number, max: number, width: number, g: ChartGlyphs): string {
  if (max <= 0 || value <= 0 || width <= 0) return "";
  const cells = (value / max) * width;
  if (g.ascii) return "#".repeat(Math.max(1, Math.round(cells)));
  const whole = Math.floor(cells);
  const eighth = Math.round((cells - whole) * 8);
  const text = "█".repeat(whole) + (eighth === 8 ? "█" : EIGHTHS[eighth]!);
  return text === "" ? "▏" : text;
}

/** One character per value, scaled to the largest; longer series are summed into `width` buckets. */
export function sparkline(values: readonly number[], width: number, g: ChartGlyphs): string {
  let series = [...values];
  if (series.length > width && width > 0) {
    const per = Math.ceil(series.length / width);
    const folded: number[] = [];
    for (let i = 0; i < series.length; i += per) folded.push(series.slice(i, i + per).reduce((a, b) => a + b, 0));
    series = folded;
  }
  const max = Math.max(0, ...series);
  const glyphs = g.ascii ? ASCII_SPARKS : SPARKS;
  return series.map((v) => (max === 0 || v === 0 ? " " : glyphs[Math.min(7, Math.floor((v / max) * 7.999))]!)).join("");
}

/** Whether the terminal's locale can show the block characters. */
export function unicodeTerminal(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || "";
  if (process.platform === "win32") return true;
  return /utf-?8/i.test(locale);
}
