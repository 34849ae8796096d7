import type { Request } from 'express';

/**
 * The longest name kept, in characters: names become parts of job names and messages (a weather
 * job is `<model> from <name>`), which have limits of their own (200).
 */
const MAX_NAME = 120;

/**
 * What is removed from a name: control characters (C0, DEL and C1, such as U+0085, a line break to
 * some readers) and the bidirectional controls (U+202E and its kin), which make a name read otherwise
 * than it is (`invoice\u202Efdp.exe` shows as `invoiceexe.pdf`).
 */
const UNSHOWABLE = /[\p{Cc}\p{Bidi_Control}]/gu;

/** A name kept to {@link MAX_NAME} characters, its extension (what tells a reader its type) kept. */
function shortened(name: string): string {
  const chars = Array.from(name); // by code point, so a character outside the BMP is never cut in two
  if (chars.length <= MAX_NAME) return name;
  const ext = Array.from(/\.[\p{L}\p{N}]{1,16}$/u.exec(name)?.[0] ?? '');
  // An ellipsis says the name was cut, where people read it.
  return `${chars.slice(0, MAX_NAME - ext.length - 1).join('')}…${ext.join('')}`;
}

/** `filename*=UTF-8''my%20file.nc` (RFC 8187), or null. */
function extendedName(header: string): string | null {
  const value = /(?:^|;)\s*filename\*\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim();
  const m = value && /^([A-Za-z0-9!#$%&+^_`{}~-]*)'[^']*'(.*)$/.exec(value);
  if (!m) return null;
  const [, charset, encoded] = m as unknown as [string, string, string];
  try {
    if (charset.toLowerCase() === 'utf-8') return decodeURIComponent(encoded);
    // ISO-8859-1, the only other charset RFC 8187 names: each escaped byte is one character.
    return encoded.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  } catch {
    return null; // escapes that are not UTF-8
  }
}

/** `filename="my file.nc"` or `filename=file.nc`, or null. */
function plainName(header: string): string | null {
  const m = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!;
}

/**
 * A name fit for messages: its last path segment (some clients send a whole path), nothing that
 * does not show as itself, at most {@link MAX_NAME} characters.
 */
function cleaned(name: string | null): string | null {
  if (name === null) return null;
  const base = (name.split(/[/\\]/).pop() ?? '').replace(UNSHOWABLE, '').trim();
  return base && base !== '.' && base !== '..' ? shortened(base) : null;
}

/**
 * The name the client gave the file it uploads: `Content-Disposition`'s `filename*` or `filename`
 * (as `curl -H 'Content-Disposition: attachment; filename="era5.nc"'` and browsers' fetch send it),
 * else the `filename` query parameter; null when it gave none. Only its last path segment is kept,
 * without control or bidirectional characters, cut to 120 characters (its extension kept): it is
 * shown to people and named in jobs, and never used as a path.
 */
export function clientFileName(req: Request): string | null {
  const header = req.get('content-disposition');
  const fromHeader = header ? cleaned(extendedName(header) ?? plainName(header)) : null;
  const query = (req.query as Record<string, unknown> | undefined)?.filename;
  return fromHeader ?? cleaned(typeof query === 'string' ? query : null);
}
