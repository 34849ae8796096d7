import { DrugError } from '../errors.js';
import { linesOf, type MoleculeRecord, type TextSource } from './record.js';

/** Options of {@link readDelimited}. */
export interface DelimitedOptions {
  /**
   * `smiles`: whitespace-separated `SMILES id ...`, a header line only when its first word is "smiles";
   * `csv` and `tsv`: a header row, RFC 4180 quoting. @defaultValue `'smiles'`
   */
  readonly format?: 'smiles' | 'csv' | 'tsv';
  /** The SMILES column (name or 0-based index). @defaultValue the first column named like "smiles", else column 0 of a .smi file */
  readonly smilesColumn?: string | number;
  /** The id column (name or 0-based index). @defaultValue the first column named like "id" or "name", else column 1 of a .smi file */
  readonly idColumn?: string | number;
}

const SMILES_NAMES = ['smiles', 'canonical_smiles', 'isomeric_smiles', 'smi'];
const ID_NAMES = ['id', 'mol_id', 'compound id', 'compound_id', 'name', 'title', 'chembl_id', 'zinc_id'];

/** Splits one CSV/TSV line, or reports an open quote (the row goes on over the next line). */
function splitRow(line: string, sep: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const next = line.indexOf(sep, i);
      out.push(value + (next < 0 ? line.slice(i) : line.slice(i, next)));
      if (next < 0) return out;
      i = next + 1;
    } else {
      const next = line.indexOf(sep, i);
      if (next < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, next));
      i = next + 1;
    }
  }
}

function columnIndex(
  header: readonly string[],
  wanted: string | number | undefined,
  names: readonly string[],
  what: string,
): number {
  if (typeof wanted === 'number') {
    if (!Number.isInteger(wanted) || wanted < 0 || (header.length && wanted >= header.length))
      throw new DrugError(
        'COLUMN_NOT_FOUND',
        `the ${what} column ${wanted} is not one of 0..${header.length - 1}`,
        {
          context: { input: String(wanted), available: header },
        },
      );
    return wanted;
  }
  const lower = header.map((h) => h.trim().toLowerCase());
  const i =
    wanted === undefined ? lower.findIndex((h) => names.includes(h)) : lower.indexOf(wanted.toLowerCase());
  if (i < 0 && (wanted !== undefined || what === 'SMILES')) {
    throw new DrugError(
      'COLUMN_NOT_FOUND',
      `no ${what} column${wanted === undefined ? '' : ` "${wanted}"`}: the columns are ${header.join(', ')}`,
      { context: { input: wanted === undefined ? what : String(wanted), available: header } },
    );
  }
  return i;
}

/**
 * Reads molecules from SMILES, CSV or TSV text, streaming: one record per row, with its line number,
 * id and the other columns. Rows with an empty SMILES cell are skipped (blank lines, trailing rows).
 * Throws `COLUMN_NOT_FOUND` when the SMILES column cannot be found.
 *
 * @example
 * ```ts
 * for await (const r of readDelimited(['smiles,name\nCCO,ethanol\n'], { format: 'csv' })) console.log(r.id);
 * ```
 */
export async function* readDelimited(
  source: TextSource,
  options: DelimitedOptions = {},
): AsyncGenerator<MoleculeRecord> {
  const format = options.format ?? 'smiles';
  const sep = format === 'tsv' ? '\t' : ',';
  let header: string[] | null = null;
  let smilesAt = 0;
  let idAt = -1;
  let lineNo = 0;
  let pending = '';
  let pendingStart = 0;
  for await (const line of linesOf(source)) {
    lineNo++;
    let cells: string[] | null;
    if (format === 'smiles') {
      cells = line.trim().split(/[ \t]+/);
    } else {
      const text = pending ? `${pending}\n${line}` : line;
      cells = splitRow(text, sep);
      if (!cells) {
        if (!pending) pendingStart = lineNo;
        pending = text;
        continue;
      }
      pending = '';
    }
    const position = pendingStart && format !== 'smiles' ? pendingStart : lineNo;
    pendingStart = 0;
    if (!header) {
      const isHeader = format !== 'smiles' || SMILES_NAMES.includes(cells[0]!.toLowerCase());
      if (isHeader || options.smilesColumn !== undefined || options.idColumn !== undefined) {
        header = isHeader ? cells : cells.map((_, i) => String(i));
        smilesAt = columnIndex(
          header,
          options.smilesColumn ?? (isHeader ? undefined : 0),
          SMILES_NAMES,
          'SMILES',
        );
        idAt = columnIndex(header, options.idColumn ?? (isHeader ? undefined : 1), ID_NAMES, 'id');
        if (isHeader) continue;
      } else {
        header = ['smiles', 'id'];
        idAt = 1;
      }
    }
    const smiles = cells[smilesAt]?.trim();
    if (!smiles) continue;
    const fields: Record<string, string> = {};
    cells.forEach((c, i) => {
      if (i !== smilesAt && i !== idAt) fields[header![i] ?? String(i)] = c;
    });
    const id = idAt >= 0 ? (cells[idAt]?.trim() ?? null) || null : null;
    yield { position, id, molecule: smiles, fields };
  }
  if (pending) {
    throw new DrugError('READER_FORMAT', `line ${pendingStart}: a quoted field is never closed`, {
      context: { record: pendingStart },
    });
  }
}
