/**
 * Writes a NetCDF-4 file within every check that still makes its reader build large arrays: `axes`
 * time axes of 2^20 hours each (all zero, so they deflate to a few kilobytes: compression is honest,
 * and each axis is within the limit), each labelling a variable on a 2 x 2 grid. Its description alone
 * takes about 8 MB of heap an axis, for tests of a reader's heap cap; resolves with `path`.
 *
 * @example
 * ```ts
 * const path = await writeLongAxesFile(join(dir, 'axes-6.nc'), 6); // past a 40 MB cap, within 512 MB
 * ```
 */
export async function writeLongAxesFile(path: string, axes: number): Promise<string> {
  // Loaded here, not on import: the testing entry is imported by tests that never write one.
  const { default: h5wasm } = await import('h5wasm/node');
  await h5wasm.ready;
  const f = new h5wasm.File(path, 'w');
  for (const [key, units] of [
    ['lat', 'degrees_north'],
    ['lon', 'degrees_east'],
  ]) {
    const ds = f.create_dataset({ name: key!, data: new Float32Array([1, 0]) });
    ds.create_attribute('units', units!);
    ds.make_scale(key!);
  }
  for (let i = 0; i < axes; i++) {
    const time = f.create_dataset({
      name: `time${i}`,
      data: new Float64Array(2 ** 20),
      chunks: [2 ** 17],
      compression: 9,
    });
    time.create_attribute('units', 'hours since 1900-01-01 00:00:00');
    time.make_scale(`time${i}`);
    const v = f.create_dataset({
      name: `v${i}`,
      data: new Float32Array(4),
      shape: [1, 2, 2],
      maxshape: [null, 2, 2],
      chunks: [1, 2, 2],
    });
    v.resize([2 ** 20, 2, 2]);
    [`time${i}`, 'lat', 'lon'].forEach((d, j) => v.attach_scale(j, d));
  }
  f.close();
  return path;
}
