// Progress on stderr for work that takes a while: a spinner with a count, or a
// bar with rate and ETA when the total is known. Only on a terminal, and never
// in machine-readable modes, so pipes and logs stay clean.

export interface Progress {
  update(done: number, total?: number, note?: string): void;
  stop(finalLine?: string): void;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export const silentProgress: Progress = { update() {}, stop() {} };

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, "0")}s`;
}

/** Shows progress after `delayMs` (default 1 s), so quick work shows nothing. */
export function terminalProgress(label: string, stream: NodeJS.WriteStream = process.stderr, delayMs = 1000): Progress {
  const started = performance.now();
  let done = 0;
  let total: number | undefined;
  let note = "";
  let frame = 0;
  let shown = false;
  const draw = () => {
    if (performance.now() - started < delayMs) return;
    shown = true;
    const seconds = (performance.now() - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    let text: string;
    if (total !== undefined && total > 0) {
      const width = 24;
      const filled = Math.round((done / total) * width);
      const eta = rate > 0 ? (total - done) / rate : Infinity;
      text = `${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${total}  ${rate.toFixed(1)}/s  ETA ${duration(eta)}`;
    } else {
      text = `${FRAMES[frame++ % FRAMES.length]} ${label} ${done}${note ? `  ${note}` : ""}`;
    }
    const columns = stream.columns ?? 80;
    stream.write(`\r\u001b[2K${text.slice(0, columns - 1)}`);
  };
  const timer = setInterval(draw, 120);
  timer.unref();
  return {
    update(d, t, n) {
      done = d;
      total = t ?? total;
      note = n ?? note;
    },
    stop(finalLine) {
      clearInterval(timer);
      if (shown) stream.write("\r\u001b[2K");
      if (finalLine) stream.write(`${finalLine}\n`);
    },
  };
}
