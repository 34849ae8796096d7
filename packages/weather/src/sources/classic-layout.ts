import { GridError } from '../errors.js';
import { NC_TYPES, type ClassicHeader, type ClassicVariableEntry } from './classic-header.js';
import type { RawVariable } from './raw-dataset.js';

/** A variable of a classic file and where its data lie. */
export interface ClassicVariable extends RawVariable {
  /** Bytes per value in the file. */
  readonly size: number;
  /** Byte offset of its data (of its first record, for a record variable). */
  readonly begin: number;
  readonly record: boolean;
}

/** Where every variable's data lie, all of it checked to be inside the file. */
export interface ClassicLayout {
  readonly variables: readonly ClassicVariable[];
  readonly numRecords: number;
  /** Bytes from one record to the next. */
  readonly recordStep: number;
}

/**
 * Places each variable of a header in the file and checks the header against the file, as netCDF's
 * own reader does and more: every dimension id exists, the record dimension comes first, each
 * variable's `vsize` matches its shape, its data begin after the header, do not overlap another's and
 * end inside the file, and the record count is what the file holds. A header that lies about any of
 * these is `GRID_FORMAT`, before a byte of data is read or an array is sized from it.
 */
export function layoutOf(header: ClassicHeader, fileSize: number, source: string): ClassicLayout {
  const bad = (message: string) =>
    new GridError('GRID_FORMAT', `${source}: ${message} (the file has ${fileSize} bytes)`, {
      context: { source },
    });
  const recordDim = header.dimensions.findIndex((d) => d.length === 0);
  const shaped = header.variables.map((v) => shapeOf(v, header, { recordDim, fileSize, bad }));
  const recordVars = shaped.filter((v) => v.record);
  // Per the format: records are the record variables' slices padded to 4 bytes each, except that a
  // file with a single record variable does not pad it.
  const recordStep =
    recordVars.length === 1 ? recordVars[0]!.bytes : recordVars.reduce((n, v) => n + pad(v.bytes), 0);
  const fixed = shaped.filter((v) => !v.record).sort((a, b) => a.begin - b.begin);
  const records = [...recordVars].sort((a, b) => a.begin - b.begin);
  let end = header.length;
  for (const v of fixed) {
    if (v.begin < end)
      throw bad(
        `variable "${v.name}" begins at byte ${v.begin}, inside the header or another variable (which end at ${end})`,
      );
    end = v.begin + v.bytes;
    if (end > fileSize)
      throw bad(`variable "${v.name}" (bytes ${v.begin} to ${end}) runs past the end of the file`);
  }
  const beginRecords = records[0]?.begin ?? end;
  let recordEnd = beginRecords;
  for (const v of records) {
    if (v.begin + v.bytes > fileSize)
      throw bad(
        `record variable "${v.name}" (bytes ${v.begin} to ${v.begin + v.bytes}) runs past the end of the file`,
      );
    if (v.begin < Math.max(end, recordEnd))
      throw bad(
        `record variable "${v.name}" begins at byte ${v.begin}, inside the header or another variable`,
      );
    recordEnd = v.begin + v.bytes;
  }
  // The last variable of a record may lack its padding at the end of the file.
  if (recordEnd - beginRecords > recordStep)
    throw bad(`the record variables take ${recordEnd - beginRecords} bytes of a ${recordStep}-byte record`);
  const numRecords = recordCount(header.numrecs, {
    beginRecords,
    recordStep,
    fileSize,
    bad,
    records: records.length,
  });
  if (numRecords > 0 && beginRecords + (numRecords - 1) * recordStep + (recordEnd - beginRecords) > fileSize)
    throw bad(
      `the header claims ${numRecords} records of ${recordStep} bytes from byte ${beginRecords}, past the end of the file`,
    );
  const variables = shaped.map((v): ClassicVariable => ({
    name: v.name,
    dims: v.dims,
    shape: v.record ? [numRecords, ...v.shape.slice(1)] : v.shape,
    type: v.type,
    attributes: v.attributes,
    size: v.size,
    begin: v.begin,
    record: v.record,
  }));
  return { variables, numRecords, recordStep };
}

type Bad = (message: string) => GridError;

interface Shaped extends ClassicVariable {
  /** Bytes of the whole variable, or of one record of a record variable, unpadded. */
  readonly bytes: number;
}

function shapeOf(
  v: ClassicVariableEntry,
  header: ClassicHeader,
  file: { recordDim: number; fileSize: number; bad: Bad },
): Shaped {
  const { recordDim, fileSize, bad } = file;
  const what = `variable "${v.name}"`;
  const dims = v.dimIds.map((id) => {
    const d = header.dimensions[id];
    if (!d) throw bad(`${what} names dimension id ${id}; the file declares ${header.dimensions.length}`);
    return d;
  });
  const at = v.dimIds.lastIndexOf(recordDim);
  if (recordDim >= 0 && at > 0) throw bad(`${what} has the record dimension at position ${at}, not first`);
  const record = recordDim >= 0 && at === 0;
  const { name: type, size } = NC_TYPES[v.ncType]!;
  // Multiplied one dimension at a time, stopping as soon as the product passes the file's size: the
  // product of a lying header would overflow a double's integers long before it was noticed.
  let bytes = size;
  for (const d of record ? dims.slice(1) : dims) {
    bytes *= d.length;
    if (bytes > fileSize)
      throw bad(
        `${what} declares [${dims.map((x) => x.length).join(', ')}] values of ${size} bytes, more than the file holds`,
      );
  }
  // vsize is the padded size (2^32 - 1 where that does not fit in 32 bits); some writers leave it unpadded.
  const padded = pad(bytes);
  const vsizeOk =
    v.vsize === padded ||
    v.vsize === bytes ||
    (header.version !== 5 && v.vsize === 0xffffffff && padded >= 0xfffffffc);
  if (!vsizeOk) throw bad(`${what} has vsize ${v.vsize}, but its shape takes ${padded} bytes`);
  return {
    name: v.name,
    dims: dims.map((d) => d.name),
    shape: dims.map((d) => d.length),
    type,
    attributes: v.attributes,
    size,
    begin: v.begin,
    record,
    bytes,
  };
}

function recordCount(
  numrecs: number | null,
  file: { beginRecords: number; recordStep: number; fileSize: number; records: number; bad: Bad },
): number {
  const { beginRecords, recordStep, fileSize, records, bad } = file;
  // A streaming file (a record count of all ones) holds as many whole records as fit.
  if (numrecs === null) return records ? Math.floor((fileSize - beginRecords) / recordStep) : 0;
  if (numrecs > fileSize) throw bad(`the header's record count ${numrecs} is impossible`);
  return numrecs;
}

const pad = (n: number) => Math.ceil(n / 4) * 4;
