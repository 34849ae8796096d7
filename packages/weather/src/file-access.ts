import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { RandomAccess } from './random-access.js';

/** Random access to a file on disk: each read is one positioned read, nothing else is loaded. */
export function fileAccess(path: string): RandomAccess {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  let open = true;
  return {
    size,
    read(offset, length) {
      const buf = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return got === buf.length ? buf : buf.subarray(0, got);
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
