import { GridError } from './errors.js';
import type { GridVariable } from './grid-source.js';

/**
 * Where a field of `info` at `level` (hPa) lies on its level axis: the index, or null for a variable
 * without one asked for no level. Throws `LEVEL_NOT_FOUND` for a level it lacks, a level asked of a
 * variable without levels, and no level asked of one with several. The one rule for levels: `readField`
 * reads by it, and `initialTimes` refuses by it, so a file it calls usable is one a rollout can read.
 */
export function levelIndex(info: GridVariable, level: number | undefined, source: string): number | null {
  const levels = info.levels;
  const refuse = (message: string, requested?: number) =>
    new GridError('LEVEL_NOT_FOUND', `${source}: "${info.name}" ${message}`, {
      context: {
        source,
        variable: info.name,
        ...(requested !== undefined ? { requested } : {}),
        available: levels ?? [],
      },
    });
  if (levels === null) {
    if (level === undefined) return null;
    throw refuse(`has no level ${level} hPa; it is a surface variable (leave the level out)`, level);
  }
  if (level === undefined) {
    if (levels.length === 1) return 0;
    throw refuse(`has levels ${listed(levels)} hPa; a field of it is at one of them`);
  }
  const i = levels.findIndex((l) => Math.abs(l - level) < 1e-6);
  if (i < 0) throw refuse(`has no level ${level} hPa; it has ${listed(levels)}`, level);
  return i;
}

const listed = (levels: readonly number[]) => (levels.length ? levels.join(', ') : 'none');
