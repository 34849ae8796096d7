import type { Request } from 'express';

/** The longest file name kept (most file systems allow 255 bytes). */
const MAX_NAME = 255;

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

/** A name fit for messages: its last path segment (some clients send a whole path), no control characters. */
function cleaned(name: string | null): string | null {
  if (name === null) return null;
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const base = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base && base !== '.' && base !== '..' ? base.slice(0, MAX_NAME) : null;
}

/**
 * The name the client gave the file it uploads: `Content-Disposition`'s `filename*` or `filename`
 * (as `curl -H 'Content-Disposition: attachment; filename="era5.nc"'` and browsers' fetch send it),
 * else the `filename` query parameter; null when it gave none. Only its last path segment is kept,
 * without control characters: it is shown to people, and never used as a path.
 */
export function clientFileName(req: Request): string | null {
  const header = req.get('content-disposition');
  const fromHeader = header ? cleaned(extendedName(header) ?? plainName(header)) : null;
  const query = (req.query as Record<string, unknown> | undefined)?.filename;
  return fromHeader ?? cleaned(typeof query === 'string' ? query : null);
}
