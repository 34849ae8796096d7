// Peak resident memory of full-size Pangu-contract rollouts of growing length, each in a fresh process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function rolloutPeakMemory(): Record<string, string | number>[] {
  const child = fileURLToPath(new URL('./rollout-child.js', import.meta.url));
  const rows: Record<string, string | number>[] = [];
  let first = 0;
  for (const hours of [24, 120, 240]) {
    const r = spawnSync(process.execPath, [child, String(hours)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`rollout child failed: ${r.stderr}`);
    const { peakMiB, seconds } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
      peakMiB: number;
      seconds: number;
    };
    first ||= peakMiB;
    rows.push({
      'lead hours': hours,
      'outputs (every 24 h)': hours / 24,
      'peak RSS MiB': peakMiB,
      'vs 24 h': peakMiB / first,
      seconds,
    });
  }
  return rows;
}
