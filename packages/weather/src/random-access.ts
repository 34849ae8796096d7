/** Reads byte ranges of a file or buffer, so that a reader can fetch only the parts it needs. */
export interface RandomAccess {
  /** Total size in bytes. */
  readonly size: number;
  /** The bytes of `[offset, offset + length)`; fewer at the end of the file. */
  read(offset: number, length: number): Uint8Array;
  /** Releases the underlying file, if any. */
  close(): void;
}

/** Random access over bytes already in memory. */
export function bytesAccess(bytes: Uint8Array): RandomAccess {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
    close: () => {},
  };
}
