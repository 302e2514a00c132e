/** Minimal RFC 4180 reader for the small reference files in database/data (quoted fields, commas inside quotes). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, idx) => [h.trim(), (r[idx] ?? '').trim().normalize('NFC')])));
}

/**
 * RFC 4180 writer: quotes fields that need it; CRLF line ends, as spreadsheet programs expect.
 * A text cell that starts with = + @ or "-" and a non-digit (or a tab/CR) gets a leading '
 * so a spreadsheet never runs it as a formula (CSV injection, e.g. from an audit log entry).
 */
export function toCsv(rows: Array<Array<unknown>>): string {
  const cell = (v: unknown) => {
    let s = v == null ? '' : String(v);
    if (typeof v === 'string' && /^([=+@\t\r]|-[^\d.])/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
