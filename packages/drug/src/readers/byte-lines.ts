import { concatBytes } from '@strata/core';

/**
 * Splits bytes into lines exactly as `linesOf` does (LF or CRLF ends, a last line without an end, the
 * leading byte-order marks of a file dropped) and says where each line ends in the file: the offsets
 * a shard index keeps. Bytes are split before they are decoded, which is safe in UTF-8 (a newline byte
 * is never part of another character), so offsets stay exact whatever the text holds.
 *
 * @example
 * ```ts
 * const lines = new ByteLines();
 * for await (const chunk of stream) lines.feed(chunk, (line, end) => console.log(line, end));
 * lines.flush((line, end) => console.log(line, end));
 * ```
 */
export class ByteLines {
  // Marks are kept: `linesOf`'s decoder drops one mark at the start of the text, not of every line.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private carry: Uint8Array[] = [];
  private atFileStart: boolean;
  private fed: number;

  /** @param start - the file offset of the first byte fed; a file's marks are dropped only at 0 */
  constructor(start = 0) {
    this.fed = start;
    this.atFileStart = start === 0;
  }

  /** The file offset after the last byte fed. */
  get offset(): number {
    return this.fed;
  }

  /** Calls `onLine` with each line the chunk ends, and the file offset after its line end. */
  feed(chunk: Uint8Array, onLine: (line: string, end: number) => void): void {
    let from = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
      let bytes = chunk.subarray(from, nl);
      if (this.carry.length) {
        bytes = concatBytes([...this.carry, bytes]);
        this.carry = [];
      }
      onLine(this.text(bytes), this.fed + nl + 1);
      from = nl + 1;
    }
    // A copy: a stream may reuse its chunk's memory.
    if (from < chunk.length) this.carry.push(chunk.slice(from));
    this.fed += chunk.length;
  }

  /** Calls `onLine` with the last line when the bytes do not end with a line end. */
  flush(onLine: (line: string, end: number) => void): void {
    if (!this.carry.length) return;
    const bytes = concatBytes(this.carry);
    this.carry = [];
    onLine(this.text(bytes), this.fed);
  }

  private text(bytes: Uint8Array): string {
    const cut = bytes.length && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
    let text = this.decoder.decode(bytes.subarray(0, cut));
    if (this.atFileStart) {
      // `linesOf` loses two marks: its TextDecoder drops one, then it drops a second itself.
      this.atFileStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }
}
