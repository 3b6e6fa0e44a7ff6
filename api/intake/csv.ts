// CSV (RFC 4180) to rows keyed by header: quoted fields with commas, quotes ("") and line breaks,
// CRLF or LF, a UTF-8 byte-order mark. Spreadsheet exports play the role of Kobo submissions:
// the header names are the questions. Pure.

/** A parsed CSV file: its header and one record per data row, with the row's line in the sheet. */
export interface CsvTable {
  header: string[];
  rows: { row: number; answers: Record<string, string> }[];
}

export class CsvError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(`row ${row}: ${message}`);
    this.name = 'CsvError';
  }
}

function records(text: string): string[][] {
  const out: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endField();
      out.push(record);
      record = [];
    } else field += c;
  }
  if (quoted) throw new CsvError(out.length + 1, 'a quoted field is not closed');
  if (field !== '' || record.length > 0) {
    endField();
    out.push(record);
  }
  return out;
}

/** Parses CSV text whose first row names the columns; blank lines are skipped. */
export function parseCsv(text: string): CsvTable {
  const [header, ...data] = records(text);
  if (!header || header.every((name) => name.trim() === '')) throw new CsvError(1, 'the header row is empty');
  const names = header.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (name && seen.has(name)) throw new CsvError(1, `the column "${name.slice(0, 64)}" appears twice`);
    seen.add(name);
  }
  const rows: CsvTable['rows'] = [];
  data.forEach((cells, index) => {
    const row = index + 2;
    if (cells.every((cell) => cell.trim() === '')) return;
    if (cells.length > names.length)
      throw new CsvError(row, `has ${cells.length} fields, the header ${names.length}`);
    const answers: Record<string, string> = {};
    names.forEach((name, column) => {
      if (name) answers[name] = cells[column] ?? '';
    });
    rows.push({ row, answers });
  });
  return { header: names, rows };
}
