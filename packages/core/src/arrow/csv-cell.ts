/** Options of {@link csvCell}. */
export interface CsvCellOptions {
  /**
   * Prefix a text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab
   * or a carriage return) with `'`, as OWASP advises for CSV files people open: an uploaded id like
   * `=HYPERLINK(...)` must not run in the reader's spreadsheet. Numbers are never changed.
   * @defaultValue `false` (CSV read back by programs keeps its text as it is)
   */
  readonly escapeFormulas?: boolean;
}

/**
 * One CSV cell (RFC 4180): empty for null, quoted when it holds a comma, quote or line break.
 *
 * @example
 * ```ts
 * csvCell('a,b'); // '"a,b"'
 * csvCell('=1+1', { escapeFormulas: true }); // "'=1+1"
 * ```
 */
export function csvCell(v: unknown, options: CsvCellOptions = {}): string {
  if (v === null || v === undefined) return '';
  let s =
    typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
      ? String(v)
      : typeof v === 'string'
        ? v
        : JSON.stringify(v);
  if (options.escapeFormulas && typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
