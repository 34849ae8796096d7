import { DrugError } from '../errors.js';
import { linesOf, type MoleculeRecord, type TextSource } from './record.js';

/** Options of {@link readSdf}. */
export interface SdfOptions {
  /** A data field to use as the id instead of the title line. @defaultValue the title line */
  readonly idField?: string;
}

const FIELD_HEADER = /^>.*?<([^>]*)>/;

/**
 * Reads an SD file (V2000 or V3000 molblocks) record by record, streaming: each record's molblock,
 * title (as id) and data fields (`> <NAME>` blocks). Records are numbered from 1; a record without
 * `M  END` still comes out (RDKit will call it invalid) so that no record is silently lost.
 *
 * @example
 * ```ts
 * for await (const r of readSdf(stream)) console.log(r.position, r.id, r.fields.IC50);
 * ```
 */
export async function* readSdf(source: TextSource, options: SdfOptions = {}): AsyncGenerator<MoleculeRecord> {
  let block: string[] = [];
  let fields: Record<string, string> = {};
  let field: string | null = null;
  let inData = false;
  let position = 0;
  let lineNo = 0;
  const finish = (): MoleculeRecord | null => {
    const blank = block.every((l) => !l.trim()) && !Object.keys(fields).length;
    if (blank) return null;
    position++;
    const title = block[0]?.trim() ?? '';
    const id = options.idField ? (fields[options.idField] ?? null) : title || null;
    return { position, id, molecule: `${block.join('\n')}\n`, fields };
  };
  for await (const line of linesOf(source)) {
    lineNo++;
    if (line.startsWith('$$$$')) {
      const record = finish();
      if (record) yield record;
      [block, fields, field, inData] = [[], {}, null, false];
      continue;
    }
    if (!inData) {
      block.push(line);
      if (line.startsWith('M  END')) inData = true;
      else if (block.length > 100_000) {
        throw new DrugError(
          'READER_FORMAT',
          `line ${lineNo}: no "M  END" or "$$$$" in 100,000 lines; is this an SD file?`,
          {
            context: { record: position + 1 },
          },
        );
      }
      continue;
    }
    const header = FIELD_HEADER.exec(line);
    if (header) {
      field = header[1]!;
      fields[field] = '';
    } else if (field !== null) {
      if (!line.trim()) field = null;
      else fields[field] = fields[field] ? `${fields[field]}\n${line}` : line;
    }
  }
  const last = finish();
  if (last) yield last;
}
