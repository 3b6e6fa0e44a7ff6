// Case keys and the codec's key choice: a case workflow's payloads (and its activities') use the
// case's own key, everything else the keyring; old keyring payloads still decode; a shredded key
// is never served again — at once in the process that shredded it, after the TTL elsewhere.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload, type SerializationContext } from '@temporalio/common';
import { CaseKeys, CaseKeyUnavailableError, caseKeyId } from '../../lib/case-keys';
import type { Database } from '../../lib/database';
import { Keyring } from '../../lib/keyring';
import { EncryptionCodec } from '../../lib/payload-codec';

interface Row {
  caseId: string;
  wrappedKey: string | null;
  createdAt: Date;
  shreddedAt: Date | null;
}

/** The CaseKey table in memory, counting reads (a process's cache should spare them). */
function caseKeyTable() {
  const rows = new Map<string, Row>();
  const table = {
    reads: 0,
    rows,
    findUnique: async ({ where }: { where: { caseId: string } }) => {
      table.reads += 1;
      return rows.get(where.caseId) ?? null;
    },
    findUniqueOrThrow: async ({ where }: { where: { caseId: string } }) => {
      table.reads += 1;
      const row = rows.get(where.caseId);
      if (!row) throw new Error('no row');
      return row;
    },
    createMany: async ({ data }: { data: { caseId: string; wrappedKey: string }[] }) => {
      for (const d of data)
        if (!rows.has(d.caseId)) rows.set(d.caseId, { ...d, createdAt: new Date(), shreddedAt: null });
      return { count: data.length };
    },
    upsert: async ({ where, update }: { where: { caseId: string }; update: Partial<Row> }) => {
      const row = rows.get(where.caseId) ?? {
        caseId: where.caseId,
        wrappedKey: null,
        createdAt: new Date(),
        shreddedAt: null,
      };
      rows.set(where.caseId, { ...row, ...update });
    },
  };
  return table;
}

const keyring = new Keyring([{ id: 'k1', secret: randomBytes(32) }]);
const applicant = { givenName: 'Canary-Zainabu' };
const text = (bytes?: Uint8Array | null) => Buffer.from(bytes ?? []).toString('utf8');
const workflow = (workflowId: string): SerializationContext => ({
  type: 'workflow',
  namespace: 'default',
  workflowId,
});
const activity = (workflowId: string): SerializationContext => ({
  type: 'activity',
  namespace: 'default',
  workflowId,
  activityId: '1',
  isLocal: false,
});

function setup(options: { ttlMs?: number; cacheSize?: number } = {}) {
  const table = caseKeyTable();
  let clock = 0;
  const db = { caseKey: table } as unknown as Database;
  const caseKeys = new CaseKeys(db, keyring, { ...options, now: () => clock });
  return {
    table,
    db,
    caseKeys,
    codec: new EncryptionCodec(keyring, caseKeys),
    advance: (ms: number) => (clock += ms),
  };
}

async function encodeOne(codec: EncryptionCodec, context?: SerializationContext): Promise<Payload> {
  return (await codec.encode([defaultPayloadConverter.toPayload(applicant)], context))[0]!;
}

describe('the codec chooses the key by serialization context', () => {
  it("encrypts a case workflow's payloads with the case's key, made on first use", async () => {
    const { codec, table } = setup();
    const encoded = await encodeOne(codec, workflow('case-C-1'));
    expect(text(encoded.metadata!['encryption-key-id'])).toBe('case:C-1');
    expect(table.rows.get('C-1')!.wrappedKey).toMatch(/^v1\.k1\./);
    expect(defaultPayloadConverter.fromPayload((await codec.decode([encoded]))[0]!)).toEqual(applicant);
  });

  it("uses the case's key for the activities a case workflow schedules", async () => {
    const { codec } = setup();
    const encoded = await encodeOne(codec, activity('case-C-2'));
    expect(text(encoded.metadata!['encryption-key-id'])).toBe('case:C-2');
  });

  it('keeps the keyring key for payloads of no case: no context, a family, a partner feed', async () => {
    const { codec, table } = setup();
    for (const context of [undefined, workflow('family-FAM-ABCD'), activity('partner-feed:p1:C-3')]) {
      expect(text((await encodeOne(codec, context)).metadata!['encryption-key-id'])).toBe('k1');
    }
    expect(table.rows.size).toBe(0);
  });

  it('decodes payloads made before case keys (keyring key id) whatever the context', async () => {
    const { codec } = setup();
    const old = await encodeOne(new EncryptionCodec(keyring));
    expect(defaultPayloadConverter.fromPayload((await codec.decode([old]))[0]!)).toEqual(applicant);
  });

  it('refuses to decode a case payload once its key is shredded, and to encode new ones', async () => {
    const { codec, caseKeys, db } = setup();
    const encoded = await encodeOne(codec, workflow('case-C-4'));
    await caseKeys.shred(db, 'C-4', new Date());
    await expect(codec.decode([encoded])).rejects.toThrow(
      "the key of case C-4 was shredded: the case's personal data was erased and cannot be decrypted",
    );
    await expect(encodeOne(codec, workflow('case-C-4'))).rejects.toBeInstanceOf(CaseKeyUnavailableError);
  });

  it('says so when a payload names a case key that was never made', async () => {
    const { codec } = setup();
    const other = setup();
    const encoded = await encodeOne(other.codec, workflow('case-C-5'));
    await expect(codec.decode([encoded])).rejects.toThrow('case C-5 has no data key');
  });
});

describe('the case key cache', () => {
  it('reads a key once while it is fresh, again after the TTL', async () => {
    const { caseKeys, table, advance } = setup({ ttlMs: 1000 });
    const sealed = await caseKeys.seal('C-1', 'Canary');
    const reads = table.reads;
    expect(await caseKeys.open(sealed)).toBe('Canary');
    expect(table.reads).toBe(reads);
    advance(1000);
    expect(await caseKeys.open(sealed)).toBe('Canary');
    expect(table.reads).toBe(reads + 1);
  });

  it('holds at most cacheSize keys, dropping the least recently used', async () => {
    const { caseKeys, table } = setup({ cacheSize: 2 });
    for (const id of ['A', 'B', 'C']) await caseKeys.keyFor(id);
    const reads = table.reads;
    await caseKeys.keyFor('C');
    await caseKeys.keyFor('B');
    expect(table.reads).toBe(reads);
    await caseKeys.keyFor('A');
    expect(table.reads).toBe(reads + 1);
  });

  it('never serves a key from cache after this process shredded it', async () => {
    const { caseKeys, db } = setup({ ttlMs: 60_000 });
    const sealed = await caseKeys.seal('C-1', 'Canary');
    await caseKeys.shred(db, 'C-1', new Date());
    await expect(caseKeys.open(sealed)).rejects.toBeInstanceOf(CaseKeyUnavailableError);
  });

  it('serves a key another process shredded for at most the TTL', async () => {
    const { caseKeys, db, advance } = setup({ ttlMs: 1000 });
    const sealed = await caseKeys.seal('C-1', 'Canary');
    await new CaseKeys(db, keyring).shred(db, 'C-1', new Date());
    expect(await caseKeys.open(sealed)).toBe('Canary');
    advance(1000);
    await expect(caseKeys.open(sealed)).rejects.toThrow('was shredded');
  });

  it('opens values sealed with the keyring before case keys', async () => {
    const { caseKeys } = setup();
    expect(await caseKeys.open(keyring.seal('older'))).toBe('older');
    expect(caseKeyId('C-9')).toBe('case:C-9');
  });
});
