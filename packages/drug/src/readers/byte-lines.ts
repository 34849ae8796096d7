import { concatBytes } from '@strata/core';
import { limitOf, type Line, type RecordLimits } from './limits.js';

/** Options of {@link ByteLines}. */
export interface ByteLinesOptions extends Pick<RecordLimits, 'maxLineBytes'> {
  /** The file offset of the first byte fed; a file's byte-order marks are dropped only at 0. @defaultValue 0 */
  readonly start?: number;
}

const LF = 10;
const CR = 13;

/**
 * Splits bytes into lines (LF, CRLF or a lone CR ends one, a last line without an end counts, the
 * leading byte-order marks of a file are dropped) and says where each line ends in the file: the
 * offsets a shard index keeps. Bytes are split before they are decoded, which is safe in UTF-8 (a
 * line-end byte is never part of another character), so offsets stay exact whatever the text holds.
 * A line over `maxLineBytes` is not kept: it comes as its length, so one endless line costs no memory.
 * Each byte is looked at once, so the work is linear in the input whatever it holds.
 *
 * @example
 * ```ts
 * const lines = new ByteLines();
 * for await (const chunk of stream) lines.feed(chunk, (line, end) => console.log(line, end));
 * lines.flush((line, end) => console.log(line, end));
 * ```
 */
export class ByteLines {
  // Marks are kept: the file's leading marks are dropped below, not every line's.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly maxLineBytes: number;
  private carry: Uint8Array[] = [];
  private carried = 0;
  /** The line being carried is over the limit: its bytes are counted, not kept. */
  private skipping = false;
  /** The last chunk ended with a CR: whether an LF follows decides where the line ends. */
  private crLast = false;
  private atFileStart: boolean;
  private fed: number;

  constructor(options: ByteLinesOptions = {}) {
    this.fed = options.start ?? 0;
    this.atFileStart = this.fed === 0;
    this.maxLineBytes = limitOf(options, 'maxLineBytes');
  }

  /** The file offset after the last byte fed. */
  get offset(): number {
    return this.fed;
  }

  /** Calls `onLine` with each line the chunk ends, and the file offset after its line end. */
  feed(chunk: Uint8Array, onLine: (line: Line, end: number) => void): void {
    let from = 0;
    if (this.crLast && chunk.length) {
      this.crLast = false;
      from = chunk[0] === LF ? 1 : 0;
      this.emit(chunk.subarray(0, 0), this.fed + from, onLine);
    }
    // Where each line of the chunk starts and ends, and where the next one starts.
    const bounds: number[] = [];
    let lf = chunk.indexOf(LF, from);
    let cr = chunk.indexOf(CR, from);
    let start = from;
    while (lf >= 0 || cr >= 0) {
      const atCr = cr >= 0 && (lf < 0 || cr < lf);
      const at = atCr ? cr : lf;
      if (atCr && at === chunk.length - 1) {
        // CRLF or a lone CR: the next chunk tells, and the line's end offset depends on it.
        this.crLast = true;
        break;
      }
      const next = atCr && chunk[at + 1] === LF ? at + 2 : at + 1;
      bounds.push(start, at, next);
      start = next;
      if (lf >= 0 && lf < start) lf = chunk.indexOf(LF, start);
      if (cr >= 0 && cr < start) cr = chunk.indexOf(CR, start);
    }
    this.emitAll(chunk, bounds, onLine);
    const rest = this.crLast ? chunk.length - 1 : chunk.length;
    if (start < rest) this.keep(chunk.subarray(start, rest));
    this.fed += chunk.length;
  }

  /**
   * Emits the lines of a chunk. One decode for all of them where the text is ASCII (a line's bytes are
   * then its characters), which is most molecule files: a decode per line cost more than the rest.
   */
  private emitAll(chunk: Uint8Array, bounds: number[], onLine: (line: Line, end: number) => void): void {
    let i = 0;
    // A line begun in an earlier chunk, or the file's first (its marks), goes alone.
    for (; i < bounds.length && (this.carried || this.skipping || this.atFileStart); i += 3)
      this.emit(chunk.subarray(bounds[i]!, bounds[i + 1]!), this.fed + bounds[i + 2]!, onLine);
    if (i >= bounds.length) return;
    const first = bounds[i]!;
    const last = bounds[bounds.length - 2]!;
    const text = this.decoder.decode(chunk.subarray(first, last));
    const ascii = text.length === last - first;
    for (; i < bounds.length; i += 3) {
      const [start, at, end] = [bounds[i]!, bounds[i + 1]!, this.fed + bounds[i + 2]!];
      if (at - start > this.maxLineBytes) onLine({ bytes: at - start }, end);
      else if (ascii) onLine(text.slice(start - first, at - first), end);
      else onLine(this.decoder.decode(chunk.subarray(start, at)), end);
    }
  }

  /** Calls `onLine` with the last line when the bytes do not end with a line end. */
  flush(onLine: (line: Line, end: number) => void): void {
    if (this.crLast || this.carried) this.emit(new Uint8Array(0), this.fed, onLine);
    this.crLast = false;
  }

  /** Carries bytes of a line that goes on, or only counts them once the line is over the limit. */
  private keep(bytes: Uint8Array): void {
    this.carried += bytes.length;
    if (this.skipping) return;
    if (this.carried > this.maxLineBytes) {
      this.skipping = true;
      this.carry = [];
      return;
    }
    // A copy: a stream may reuse its chunk's memory.
    if (bytes.length) this.carry.push(bytes.slice());
  }

  private emit(last: Uint8Array, end: number, onLine: (line: Line, end: number) => void): void {
    const length = this.carried + last.length;
    let line: Line;
    if (this.skipping || length > this.maxLineBytes) {
      line = { bytes: length };
      this.atFileStart = false;
    } else line = this.text(this.carry.length ? concatBytes([...this.carry, last]) : last);
    this.carry = [];
    this.carried = 0;
    this.skipping = false;
    onLine(line, end);
  }

  private text(bytes: Uint8Array): string {
    let text = this.decoder.decode(bytes);
    if (this.atFileStart) {
      // Two marks, as before: a file saved twice by tools that each add one still reads.
      this.atFileStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }
}
