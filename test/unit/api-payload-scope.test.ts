// Which case a decrypted payload belongs to: found by its caseId properties, within bounds.
import { caseIdsOf, decodeAuditLines } from '../../api/access/payload-scope';

const json = (value: unknown, encoding = 'json/plain') => ({
  metadata: { encoding: Buffer.from(encoding) },
  data: Buffer.from(JSON.stringify(value)),
});

describe('caseIdsOf', () => {
  it('finds the case of a workflow input, a carried state, an activity batch and a case view', () => {
    expect(caseIdsOf(json({ caseId: 'C-1', applicant: { givenName: 'Z' } }))).toEqual(['C-1']);
    expect(caseIdsOf(json({ state: { caseId: 'C-2' }, outbox: [] }))).toEqual(['C-2']);
    expect(
      caseIdsOf(json({ visits: [{ caseId: 'C-3' }, { caseId: 'C-3' }], events: [{ caseId: 'C-4' }] })).sort(),
    ).toEqual(['C-3', 'C-4']);
  });

  it('finds nothing in update arguments, non-JSON payloads, non-string ids or beyond its depth', () => {
    expect(caseIdsOf(json({ step: 'interview', outcome: 'completed' }))).toEqual([]);
    expect(caseIdsOf(json({ caseId: 'C-1' }, 'binary/plain'))).toEqual([]);
    expect(
      caseIdsOf({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{not json') }),
    ).toEqual([]);
    expect(caseIdsOf(json({ caseId: 7 }))).toEqual([]);
    expect(caseIdsOf(json({ a: { b: { c: { d: { e: { f: { caseId: 'C-deep' } } } } } } }))).toEqual([]);
  });
});

describe('decodeAuditLines', () => {
  it('counts decoded and withheld payloads per case, and those tied to no case on one line', () => {
    const payload = { data: '' };
    expect(
      decodeAuditLines([
        { payload, caseIds: ['C-1'], decrypted: true, withheld: false },
        { payload, caseIds: ['C-1'], decrypted: false, withheld: true },
        { payload, caseIds: [], decrypted: false, withheld: true },
        { payload, caseIds: [], decrypted: false, withheld: false },
      ]),
    ).toEqual([
      { caseId: 'C-1', decoded: 1, withheld: 1 },
      { caseId: null, decoded: 0, withheld: 1 },
    ]);
  });
});
