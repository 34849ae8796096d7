/** Splits one CSV line (RFC 4180 quotes, no embedded newlines). */
export function csvCells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') [cur, i] = [cur + '"', i + 1];
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') [out[out.length], cur] = [cur, ''];
    else cur += c;
  }
  out.push(cur);
  return out;
}
