import type { JobProgress } from '@strata/jobs';

const num = (n: number) => Math.round(n).toLocaleString('en-US');

function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** One line of progress: a bar, the count, the rate and the time left. */
export function progressLine(label: string, p: JobProgress, width = 30): string {
  const fraction = p.total ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(fraction * width);
  const bar = p.total
    ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}%`
    : '';
  const count = p.total ? `${num(p.done)}/${num(p.total)}` : num(p.done);
  const rate = p.rate ? `${num(p.rate)}/s` : '';
  const eta = p.etaSeconds !== null && p.done < (p.total ?? Infinity) ? `ETA ${duration(p.etaSeconds)}` : '';
  return [label, bar, count, rate, eta].filter(Boolean).join('  ');
}

/**
 * Writes progress to a terminal (one line, redrawn) or to a log (a line at each tenth), so that a
 * piped run does not fill its log with carriage returns.
 */
export function progressWriter(
  stream: NodeJS.WriteStream,
  label: string,
): { update(p: JobProgress): void; end(): void } {
  let lastTenth = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(p) {
      if (stream.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 100 && p.done !== p.total) return;
        lastDraw = now;
        stream.write(`\r${progressLine(label, p).padEnd(stream.columns ? stream.columns - 1 : 100)}`);
        drawn = true;
      } else {
        const tenth = p.total ? Math.floor((10 * p.done) / p.total) : -1;
        if (tenth > lastTenth) {
          lastTenth = tenth;
          stream.write(`${progressLine(label, p)}\n`);
        }
      }
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}
