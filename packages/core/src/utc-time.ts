/**
 * Parses an ISO 8601 time as UTC when it names no zone: a date (`2019-03-10`) is UTC midnight, and a
 * date-time without `Z` or an offset (`2019-03-10T06:00`) is UTC, never the server's local time, as
 * weather files and time-series stores mean it. Returns NaN for text that is not a time.
 *
 * @example
 * ```ts
 * parseUtcTime('2019-03-10T06:00'); // Date.UTC(2019, 2, 10, 6)
 * parseUtcTime('2019-03-10T06:00+01:00'); // Date.UTC(2019, 2, 10, 5)
 * ```
 */
export function parseUtcTime(text: string): number {
  const t = text.trim();
  const zoned = /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(t);
  return Date.parse(t.includes('T') && !zoned ? `${t}Z` : t);
}
