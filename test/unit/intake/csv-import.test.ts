// Spreadsheets as intake: the CSV reader (quotes, line breaks in fields, CRLF, BOM) and the import
// plan (one idempotency key per row, the same on every run; refusals by row and column).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvError, parseCsv } from '../../../api/intake/csv';
import { planImport } from '../../../api/intake/import-plan';
import { readMapping, type IntakeMapping } from '../../../api/intake/mapping';

const FIXTURES = join(__dirname, '../../fixtures/intake');

function mapping(): IntakeMapping {
  const read = readMapping(
    readFileSync(join(FIXTURES, 'spreadsheet-mapping.yaml'), 'utf8').replaceAll(
      '{{assignee}}',
      'amina@pathways.test',
    ),
  );
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  return read.mapping;
}

describe('CSV reader', () => {
  it('reads quoted commas, doubled quotes, line breaks in a field, CRLF and a byte-order mark; skips blank rows', () => {
    const table = parseCsv(readFileSync(join(FIXTURES, 'spreadsheet.csv'), 'utf8'));
    expect(table.header[0]).toBe('case_no');
    expect(table.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 7]);
    expect(table.rows[0]!.answers.address).toBe('Block 4, Kakuma "A"');
    expect(table.rows[4]!.answers.address).toBe('Zone 2\nnear the clinic');
  });

  it('refuses an unclosed quote, a repeated column and a row wider than the header, by row', () => {
    expect(() => parseCsv('a,b\n1,"2\n')).toThrow(new CsvError(2, 'a quoted field is not closed'));
    expect(() => parseCsv('a,a\n1,2\n')).toThrow('row 1: the column "a" appears twice');
    expect(() => parseCsv('a,b\n1,2,3\n')).toThrow('row 2: has 3 fields, the header 2');
  });
});

describe('import plan', () => {
  const table = parseCsv(readFileSync(join(FIXTURES, 'spreadsheet.csv'), 'utf8'));

  it('maps each row; refusals name the row, the mapping path and the column, never a value', () => {
    const plan = planImport(mapping(), table, 'sheet-ke');
    expect(plan.map((p) => [p.row, p.ok])).toEqual([
      [2, true],
      [3, true],
      [4, false],
      [5, false],
      [7, true],
    ]);
    const refused = plan.flatMap((p) => (p.ok ? [] : p.problems));
    expect(refused).toEqual([
      { path: 'case.priority.map', message: 'the answer to "urgency" is a choice the map does not list' },
      { path: 'applicant.familyName', message: 'the answer to "family_name" is missing' },
    ]);
    const first = plan[0]!;
    expect(first.ok && first.body).toMatchObject({
      priority: 'urgent',
      applicant: { address: 'Block 4, Kakuma "A"' },
    });
  });

  it('keys come from the key column, hashed (a key column may be personal); the same on every run', () => {
    const once = planImport(mapping(), table, 'sheet-ke');
    const again = planImport(mapping(), table, 'sheet-ke');
    const keys = once.flatMap((p) => (p.ok ? [p.idempotencyKey] : []));
    expect(keys).toEqual(again.flatMap((p) => (p.ok ? [p.idempotencyKey] : [])));
    expect(new Set(keys).size).toBe(3);
    for (const key of keys) expect(key).toMatch(/^import:sheet-ke:[0-9a-f]{40}$/);
  });

  it('without the key column, a hash of the cells decides: an identical row is the same case', () => {
    const noKey = parseCsv(
      'country,given_name,family_name\nXa,Amani,Kiprono\nXa,Amani,Kiprono\nXa,Baraka,Otieno\n',
    );
    const plan = planImport(mapping(), noKey, 'sheet-ke');
    const keys = plan.map((p) => (p.ok ? p.idempotencyKey : p.problems));
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(plan[0]!.ok && plan[0]!.body.reference).toMatch(/^sheet-ke-[0-9a-f]{24}$/);
  });
});
