import { SeriesError } from '../errors.js';

/** Why a quoted cell cannot be read: it is not closed before the end of its line. */
function unclosed(lineNumber: number | undefined, at: number): SeriesError {
  const where = lineNumber === undefined ? '' : `line ${lineNumber}: `;
  return new SeriesError(
    'SERIES_FORMAT',
    `${where}the quoted cell opened at character ${at + 1} is not closed by the end of the line (a quote inside a quoted cell is written "")`,
    lineNumber === undefined ? {} : { context: { at: lineNumber } },
  );
}

/**
 * Splits one CSV line as RFC 4180 reads it, in one pass: a cell that starts with a quote runs to its
 * closing quote (`""` inside is a quote; text after the closing quote is kept), a quote anywhere else
 * is an ordinary character, and no cell holds a line break. A quoted cell left open is a
 * `SERIES_FORMAT` error naming the line (when `lineNumber` is given), never a cell that swallows the
 * rest of the line.
 *
 * @example
 * ```ts
 * csvCells('"store 1, north",2024-01-01,5'); // ['store 1, north', '2024-01-01', '5']
 * ```
 */
export function csvCells(line: string, lineNumber?: number): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      const opened = i;
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw unclosed(lineNumber, opened);
        cell += line.slice(i, q);
        if (line[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    }
    const comma = line.indexOf(',', i);
    const end = comma < 0 ? line.length : comma;
    cell += line.slice(i, end);
    out.push(cell);
    if (comma < 0) return out;
    i = comma + 1;
  }
}
