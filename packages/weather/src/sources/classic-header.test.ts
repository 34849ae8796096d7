import { readFileSync } from 'node:fs';
import { isStrataError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { openGrid } from '../open-grid.js';
import { bytesAccess, type RandomAccess } from '../random-access.js';
import { writeClassic, withField, type ClassicSpec } from '../testing/classic-writer.js';
import { fixtureFile } from '../testing/shared-data.js';
import { openNetcdfClassic } from './netcdf-classic.js';

/** fixtures/edge-cases.cdl as the writer's spec, with a global attribute. */
const edgeCases = (extra: Partial<ClassicSpec> = {}): ClassicSpec => ({
  dimensions: [
    { name: 'time', length: 0 },
    { name: 'lat', length: 3 },
    { name: 'lon', length: 3 },
    { name: 'n', length: 5 },
  ],
  variables: [
    {
      name: 'time',
      dims: [0],
      type: 'double',
      attributes: { units: 'days since 2000-01-01 00:00', calendar: 'noleap' },
      values: [0, 59],
    },
    { name: 'lat', dims: [1], type: 'float', attributes: { units: 'degrees_north' }, values: [-1, 0, 1] },
    { name: 'lon', dims: [2], type: 'float', attributes: { units: 'degrees_east' }, values: [-90, 0, 90] },
    {
      name: 'b',
      dims: [0, 1, 2],
      type: 'byte',
      attributes: {
        _FillValue: { type: 'byte', value: [-127] },
        scale_factor: 0.5,
        add_offset: 10,
        units: 'K',
      },
      values: [-128, -1, 0, 1, 127, -127, -50, 50, 100, 1, 2, 3, 4, 5, 6, 7, 8, -127],
    },
    {
      name: 's',
      dims: [0, 1, 2],
      type: 'short',
      attributes: {
        missing_value: { type: 'short', value: [-1] },
        valid_max: { type: 'short', value: [1000] },
        units: 'm',
      },
      values: [0, 1, 2, 3, 4, 5, 6, 7, 8, -1, 1001, -300, 9, 10, 11, 12, 13, 14],
    },
    { name: 'odd', dims: [3], type: 'short', values: [1, -2, 3, -4, 5] },
    { name: 'signed', dims: [3], type: 'byte', values: [-1, -2, -128, 127, 0] },
  ],
  ...extra,
});

const open = (bytes: Uint8Array) => openNetcdfClassic(bytesAccess(bytes), 'hostile.nc');

/** What opening `bytes` throws (or `undefined`). */
function failure(bytes: Uint8Array): { code: string; message: string } | undefined {
  try {
    open(bytes);
    return undefined;
  } catch (err) {
    if (!isStrataError(err)) throw err;
    return { code: err.code, message: err.message };
  }
}

describe('the classic writer of the tests', () => {
  it('writes the ncgen fixtures byte for byte', () => {
    expect(writeClassic(edgeCases()).bytes).toEqual(
      new Uint8Array(readFileSync(fixtureFile('edge-cases.nc'))),
    );
    const one = writeClassic({
      dimensions: [
        { name: 'time', length: 0 },
        { name: 'n', length: 3 },
      ],
      variables: [{ name: 's', dims: [0, 1], type: 'short', values: [1, -2, 3, -4, 5, -6, 7, -8, 9] }],
    });
    expect(one.bytes).toEqual(new Uint8Array(readFileSync(fixtureFile('one-record-variable.nc'))));
  });
});

describe('a classic header that lies in one field is GRID_FORMAT, naming it', () => {
  const file = writeClassic(edgeCases({ attributes: { title: 'edge cases', history: 'made by a test' } }));
  const size = file.bytes.length;
  const valueOf = (field: string) => new DataView(file.bytes.buffer).getInt32(file.fields[field]!.offset);
  const lies: [string, number, RegExp][] = [
    ['numrecs', 0x7fffffff, /record count 2147483647 is impossible/],
    ['numrecs', -5, /record count is -5/],
    ['numrecs', 3, /claims 3 records/],
    ['dimensions', 0x7fffffff, /count of dimensions is 2147483647/],
    ['dimensions', 5, /./],
    ['dimensions', 1_000, /count of dimensions is 1000, which needs at least 12000 bytes/],
    ['dimension:lat:length', 0x7fffffff, /variable "lat" declares \[2147483647\] values/],
    ['dimension:lat:length', -1, /length of dimension "lat" is -1/],
    ['dimension:lat:length', 0, /more than one record/],
    ['dimension:lat:length', 4, /variable "lat" has vsize 12, but its shape takes 16 bytes/],
    ['dimension:n:length', 1_000_000, /variable "odd" declares \[1000000\] values/],
    ['dimension:lat:name', 0x7fffffff, /a dimension name is 2147483647 bytes long/],
    ['dimension:lat:name', 0, /names take 1 to 256 bytes/],
    ['dimension:lat:name', 300, /names take 1 to 256 bytes/],
    ['dimension:lat:name', 200, /./],
    ['attributes', 0x7fffffff, /count of global attributes is 2147483647/],
    ['attributes', 3, /./],
    ['attribute:title:count', 0x7fffffff, /value count of attribute "title"/],
    ['attribute:title:count', 100_000, /value count of attribute "title" in global attributes is 100000/],
    ['attribute:history:type', 0, /type code 0; valid codes are 1 to 6/],
    ['attribute:history:type', 7, /type code 7; valid codes are 1 to 6/],
    ['attribute:history:type', 0xffff, /type code 65535/],
    ['variables', 0x7fffffff, /count of variables is 2147483647/],
    ['variables', 8, /./],
    ['variable:b:rank', 0x7fffffff, /dimension count of variable "b" is 2147483647/],
    ['variable:b:rank', 2, /./],
    ['variable:b:dim1', 4, /variable "b" names dimension id 4; the file declares 4/],
    [
      'variable:b:dim1',
      0x7fffffff,
      /dimension id 1 of variable "b" is 2147483647|names dimension id 2147483647/,
    ],
    ['variable:b:dim1', 0, /record dimension at position 1/],
    ['variable:b:attributes', 1_000, /count of the attributes of variable "b" is 1000/],
    ['variable:b:attribute:units:count', 1_000_000, /value count of attribute "units"/],
    ['variable:b:attribute:scale_factor:type', 12, /type code 12/],
    ['variable:b:type', 0, /variable "b" has type code 0/],
    ['variable:b:type', 11, /variable "b" has type code 11/],
    ['variable:b:type', 6, /variable "b" has vsize 12, but its shape takes 72 bytes/],
    ['variable:b:vsize', 0, /variable "b" has vsize 0/],
    ['variable:b:vsize', 0xffffffff, /variable "b" has vsize 4294967295/],
    ['variable:lat:vsize', 1_000_000, /variable "lat" has vsize 1000000/],
    ['variable:lat:begin', -4, /begin offset of variable "lat" is -4/],
    ['variable:lat:begin', size + 100, /variable "lat" .* runs past the end of the file/],
    ['variable:lat:begin', 0, /variable "lat" begins at byte 0, inside the header/],
    ['variable:lon:begin', file.fields['variable:lat:begin']!.offset, /inside the header/],
    ['variable:b:begin', 0x7ffffff0, /past the end of the file/],
    ['variable:s:begin', size - 4, /record variable "s" .* runs past the end of the file/],
    [
      'variable:s:begin',
      valueOf('variable:s:begin') + 24,
      /record variables take 62 bytes of a 40-byte record/,
    ],
    ['variable:b:begin', valueOf('variable:time:begin'), /record variable "b" begins at byte .*, inside/],
  ];
  it.each(lies)('%s = %d', (field, value, message) => {
    const got = failure(withField(file, field, value));
    expect(got?.code).toBe('GRID_FORMAT');
    expect(got?.message).toMatch(message);
  });

  it('the unaltered file opens and reads', () => {
    const ds = open(file.bytes);
    expect(ds.globalAttributes.title).toBe('edge cases');
    expect(Array.from(ds.readSlab('s', [1, 2, 1], [1, 1, 2]))).toEqual([13, 14]);
  });
});

describe('a classic file cut short', () => {
  const bytes = new Uint8Array(readFileSync(fixtureFile('edge-cases.nc')));
  it('is refused at every cut that loses a byte of header or data', () => {
    // The last two bytes are the padding of the last record's short slice, which a writer may leave out.
    const refused = Array.from({ length: bytes.length - 2 }, (_, n) => failure(bytes.subarray(0, n)));
    expect(refused.filter((f) => f?.code !== 'GRID_FORMAT')).toEqual([]);
    expect(refused[700]!.message).toMatch(/past the end of the file/);
    expect(failure(bytes.subarray(0, bytes.length - 2))).toBeUndefined();
  });
});

describe('parsing is bounded by the file', () => {
  it('reads no more than the file holds, whatever the header claims', () => {
    const file = writeClassic(edgeCases());
    for (const field of [
      'dimensions',
      'variables',
      'dimension:lat:name',
      'variable:b:attribute:units:count',
    ]) {
      const bytes = withField(file, field, 0x7ffffff0);
      let read = 0;
      const counting: RandomAccess = {
        size: bytes.length,
        read: (offset, length) => {
          const out = bytes.subarray(offset, Math.min(bytes.length, offset + length));
          read += out.length;
          return out;
        },
        close: () => {},
      };
      expect(() => openNetcdfClassic(counting, 'hostile.nc')).toThrow(
        /GRID_FORMAT|needs at least|bytes long|runs past/,
      );
      expect(read).toBeLessThanOrEqual(bytes.length);
    }
  });

  it('survives random damage to the header with a typed error or a readable file', async () => {
    const file = writeClassic(edgeCases({ attributes: { title: 'edge cases' } }));
    const headerEnd = file.fields['variable:signed:begin']!.offset + 4;
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff;
    const outcomes = new Set<string>();
    for (let trial = 0; trial < 400; trial++) {
      const bytes = Uint8Array.from(file.bytes);
      for (let k = 0; k < 1 + (trial % 4); k++)
        bytes[Math.floor(random() * headerEnd)] = Math.floor(random() * 256);
      try {
        const source = await openGrid(bytes, 'damaged.nc');
        for (const v of source.variables)
          await source.readField({ variable: v.name, time: 0 }).catch((e: unknown) => {
            if (!isStrataError(e)) throw e;
          });
        outcomes.add('opened');
      } catch (err) {
        expect(isStrataError(err, 'GRID_FORMAT', 'GRID_UNSUPPORTED', 'VARIABLE_NOT_FOUND')).toBe(true);
        outcomes.add((err as { code: string }).code);
      }
    }
    expect(outcomes).toContain('GRID_FORMAT');
  });
});

describe('attributes longer than any CF attribute', () => {
  it('are stepped over unread, and the rest of the header is read', () => {
    const file = writeClassic(
      edgeCases({
        attributes: {
          flags: { type: 'int', value: Array.from({ length: 70_000 }, (_, i) => i) },
          history: 'x'.repeat(5 * 2 ** 20),
          title: 'edge cases',
        },
      }),
    );
    const ds = open(file.bytes);
    expect(Object.keys(ds.globalAttributes)).toEqual(['title']);
    expect(Array.from(ds.readSlab('signed', [0], [5]))).toEqual([-1, -2, -128, 127, 0]);
  });
});

describe('attribute names that mean something to JavaScript', () => {
  it('are attributes like any other', () => {
    const file = writeClassic(
      edgeCases({ attributes: { ['__proto__']: 'polluted', constructor: 3, title: 'edge cases' } }),
    );
    const ds = open(file.bytes);
    expect(Object.keys(ds.globalAttributes)).toEqual(['__proto__', 'constructor', 'title']);
    expect(ds.globalAttributes['__proto__']).toBe('polluted');
    expect(ds.variables.find((v) => v.name === 'b')!.attributes.units).toBe('K');
  });
});

describe('64-bit offset and CDF-5 files', () => {
  const spec = (version: 1 | 2 | 5): ClassicSpec => ({
    version,
    dimensions: [
      { name: 'time', length: 0 },
      { name: 'x', length: 3 },
    ],
    variables: [
      { name: 'x', dims: [1], type: 'double', values: [1, 2, 3] },
      {
        name: 'v',
        dims: [0, 1],
        type: version === 5 ? 'ushort' : 'short',
        values: [1, 2, 3, 60000 % 32768, 5, 6],
      },
      ...(version === 5
        ? [
            { name: 'u8', dims: [1], type: 'ubyte' as const, values: [0, 200, 255] },
            { name: 'u32', dims: [1], type: 'uint' as const, values: [0, 3_000_000_000, 7] },
            { name: 'i64', dims: [1], type: 'int64' as const, values: [-(2 ** 40), 0, 2 ** 50] },
            { name: 'u64', dims: [1], type: 'uint64' as const, values: [1, 2 ** 52, 3] },
          ]
        : []),
    ],
  });

  it('reads a 64-bit offset file, and refuses its 64-bit begin past the file or negative', () => {
    const file = writeClassic(spec(2));
    expect(open(file.bytes).format).toBe('netcdf-64bit-offset');
    expect(Array.from(open(file.bytes).readSlab('v', [1, 0], [1, 3]))).toEqual([27232, 5, 6]);
    expect(failure(withField(file, 'variable:x:begin', 2 ** 40))?.message).toMatch(
      /past the end of the file/,
    );
    expect(failure(withField(file, 'variable:x:begin', -1))?.message).toMatch(
      /begin offset of variable "x" is -1/,
    );
  });

  it('reads CDF-5 types, and refuses 64-bit counts that no file holds', () => {
    const file = writeClassic(spec(5));
    const ds = open(file.bytes);
    expect(ds.format).toBe('netcdf-cdf5');
    expect(Array.from(ds.readSlab('v', [0, 0], [2, 3]))).toEqual([1, 2, 3, 27232, 5, 6]);
    expect(Array.from(ds.readSlab('u8', [0], [3]))).toEqual([0, 200, 255]);
    expect(Array.from(ds.readSlab('u32', [0], [3]))).toEqual([0, 3_000_000_000, 7]);
    expect(Array.from(ds.readSlab('i64', [0], [3]))).toEqual([-(2 ** 40), 0, 2 ** 50]);
    expect(Array.from(ds.readSlab('u64', [0], [3]))).toEqual([1, 2 ** 52, 3]);
    expect(failure(withField(file, 'variables', 2 ** 53))?.message).toMatch(
      /count of variables is 9007199254740992/,
    );
    expect(failure(withField(file, 'dimension:x:length', 2 ** 60))?.message).toMatch(
      /length of dimension "x" is/,
    );
    expect(failure(withField(file, 'numrecs', 2 ** 40))?.message).toMatch(
      /record count 1099511627776 is impossible/,
    );
  });

  it('reads a streaming file (a record count of all ones) to its last whole record', () => {
    const file = writeClassic(spec(1));
    const ds = open(withField(file, 'numrecs', -1));
    expect(ds.variables.find((v) => v.name === 'v')!.shape).toEqual([2, 3]);
  });
});
