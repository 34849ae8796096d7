/** How far apart a series' observations are: a fixed duration, or a number of calendar months. */
export type Frequency =
  { readonly kind: 'fixed'; readonly ms: number } | { readonly kind: 'months'; readonly months: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A readable name: `1 h`, `15 min`, `1 day`, `1 week`, `month`, `quarter`, `year`. */
export function frequencyName(f: Frequency): string {
  if (f.kind === 'months')
    return f.months === 12
      ? 'year'
      : f.months === 3
        ? 'quarter'
        : f.months === 1
          ? 'month'
          : `${f.months} months`;
  if (f.ms % (7 * DAY) === 0) return `${f.ms / (7 * DAY)} week`;
  if (f.ms % DAY === 0) return `${f.ms / DAY} day`;
  if (f.ms % HOUR === 0) return `${f.ms / HOUR} h`;
  return `${f.ms / MINUTE} min`;
}

/**
 * The usual seasonal period of a frequency, as R's forecast and statsforecast users set it: the
 * observations in an hour (minutes), a day (hours), a week (days), a year (weeks, months, quarters);
 * 1 for yearly data or anything else.
 */
export function defaultPeriod(f: Frequency): number {
  if (f.kind === 'months') return f.months <= 12 && 12 % f.months === 0 ? 12 / f.months : 1;
  const per = (span: number) => (span % f.ms === 0 ? span / f.ms : 1);
  if (f.ms < HOUR) return per(HOUR);
  if (f.ms < DAY) return per(DAY);
  if (f.ms === DAY) return 7;
  if (f.ms === 7 * DAY) return 52;
  return 1;
}

/** The timestamp `steps` observations after `t` (ms since 1970 UTC). */
export function advance(t: number, f: Frequency, steps: number): number {
  if (f.kind === 'fixed') return t + steps * f.ms;
  const d = new Date(t);
  return Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() + steps * f.months,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/**
 * The frequency of sorted timestamps: the smallest gap, as calendar months when the timestamps fall
 * on the same day of the month, else as a fixed duration. Null for fewer than two timestamps.
 */
export function inferFrequency(times: ArrayLike<number>): Frequency | null {
  if (times.length < 2) return null;
  let gap = Infinity;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  if (gap >= 28 * DAY) {
    const a = new Date(times[0]!);
    const sameDay = Array.from({ length: times.length }, (_, i) => new Date(times[i]!)).every(
      (d) => d.getUTCDate() === a.getUTCDate() && d.getUTCHours() === a.getUTCHours(),
    );
    if (sameDay) {
      let months = Infinity;
      for (let i = 1; i < times.length; i++) {
        const [p, q] = [new Date(times[i - 1]!), new Date(times[i]!)];
        months = Math.min(
          months,
          (q.getUTCFullYear() - p.getUTCFullYear()) * 12 + q.getUTCMonth() - p.getUTCMonth(),
        );
      }
      return { kind: 'months', months };
    }
  }
  return { kind: 'fixed', ms: gap };
}
