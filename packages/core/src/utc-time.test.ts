import { describe, expect, it } from 'vitest';
import { parseUtcTime } from './utc-time.js';

describe('parseUtcTime', () => {
  it('reads dates and zoneless date-times as UTC, and honours a zone when there is one', () => {
    expect(parseUtcTime('2019-03-10')).toBe(Date.UTC(2019, 2, 10));
    expect(parseUtcTime('2019-03-10T06:00')).toBe(Date.UTC(2019, 2, 10, 6));
    expect(parseUtcTime('2019-03-10T06:00:00Z')).toBe(Date.UTC(2019, 2, 10, 6));
    expect(parseUtcTime('2019-03-10T06:00+01:00')).toBe(Date.UTC(2019, 2, 10, 5));
    expect(parseUtcTime('2019-03-10T06:00-0230')).toBe(Date.UTC(2019, 2, 10, 8, 30));
    expect(parseUtcTime('yesterday')).toBeNaN();
  });
});
