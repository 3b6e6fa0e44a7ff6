// One data key per case (crypto-shredding): the case workflow's Temporal payloads and the case's
// sealed columns are encrypted with it, and the key is stored wrapped with the keyring. Destroying
// the wrapped key makes every copy of the case's personal data unreadable at once — PostgreSQL,
// Temporal histories, backups — while keyring-sealed values of other data stay as they are.
import { randomBytes } from 'node:crypto';
import type { Database } from './database';
import { Keyring, sealedParts } from './keyring';

const PREFIX = 'case:';

/** The key id a case's ciphertexts name: `case:<caseId>` (payload metadata and sealed values). */
export function caseKeyId(caseId: string): string {
  return `${PREFIX}${caseId}`;
}

/** The case id a key id names, or undefined for a keyring key id. */
export function caseOfKeyId(keyId: string): string | undefined {
  return keyId.startsWith(PREFIX) && keyId.length > PREFIX.length ? keyId.slice(PREFIX.length) : undefined;
}

/** The case's key was destroyed (the case was erased) or never existed: its data cannot be read. */
export class CaseKeyUnavailableError extends Error {
  constructor(
    readonly caseId: string,
    readonly shredded: boolean,
  ) {
    super(
      shredded
        ? `the key of case ${caseId} was shredded: the case's personal data was erased and cannot be decrypted`
        : `case ${caseId} has no data key: its encrypted data cannot be decrypted`,
    );
    this.name = 'CaseKeyUnavailableError';
  }
}

export interface CaseKeyOptions {
  /** How many unwrapped keys the process keeps (least recently used leave first). */
  cacheSize?: number;
  /** How long a cached key is trusted: another process may shred it meanwhile. */
  ttlMs?: number;
  /** The clock, in ms (tests). */
  now?: () => number;
}

/** The case keys of one process: wraps, unwraps, caches (bounded, with a TTL) and shreds. */
export class CaseKeys {
  private readonly cache = new Map<string, { ring: Keyring; expires: number }>();
  private readonly cacheSize: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    readonly keys: Keyring,
    options: CaseKeyOptions = {},
  ) {
    this.cacheSize = options.cacheSize ?? 1000;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A new key for a case: the row to insert (with the case, in one transaction) and the key to seal with. */
  newKey(caseId: string): { row: { caseId: string; wrappedKey: string }; ring: Keyring } {
    const secret = randomBytes(32);
    const ring = new Keyring([{ id: caseKeyId(caseId), secret }]);
    return { row: { caseId, wrappedKey: this.keys.seal(secret.toString('base64')) }, ring };
  }

  /** Caches a key whose row was just written. */
  remember(caseId: string, ring: Keyring): void {
    this.put(caseId, ring);
  }

  /** The case's key for encrypting: made now for a case that predates case keys; throws once shredded. */
  async keyFor(caseId: string): Promise<Keyring> {
    const cached = this.cached(caseId);
    if (cached) return cached;
    let row = await this.db.caseKey.findUnique({ where: { caseId } });
    if (!row) {
      const made = this.newKey(caseId);
      // Two processes may both make one: the first row wins and both read it back.
      await this.db.caseKey.createMany({ data: [made.row], skipDuplicates: true });
      row = await this.db.caseKey.findUniqueOrThrow({ where: { caseId } });
    }
    return this.unwrap(caseId, row);
  }

  /** The case's existing key for decrypting; throws when it was shredded or never made. */
  async existingKey(caseId: string): Promise<Keyring> {
    const cached = this.cached(caseId);
    if (cached) return cached;
    const row = await this.db.caseKey.findUnique({ where: { caseId } });
    if (!row) throw new CaseKeyUnavailableError(caseId, false);
    return this.unwrap(caseId, row);
  }

  /** Seals a string with the case's key: `v1.case:<caseId>.<base64>`. */
  async seal(caseId: string, plain: string): Promise<string> {
    return (await this.keyFor(caseId)).seal(plain);
  }

  /** Opens a sealed value: with its case's key, or the keyring for values sealed before case keys. */
  async open(sealed: string): Promise<string> {
    const caseId = caseOfKeyId(sealedParts(sealed).keyId);
    return caseId === undefined ? this.keys.open(sealed) : (await this.existingKey(caseId)).open(sealed);
  }

  /** Destroys the case's key in the given transaction (a row is written even for a case that had none). */
  async shred(tx: Pick<Database, 'caseKey'>, caseId: string, at: Date): Promise<void> {
    this.forget(caseId);
    await tx.caseKey.upsert({
      where: { caseId },
      create: { caseId, wrappedKey: null, shreddedAt: at },
      update: { wrappedKey: null, shreddedAt: at },
    });
  }

  /** Drops a key from this process's cache (call again once the shredding transaction committed). */
  forget(caseId: string): void {
    this.cache.delete(caseId);
  }

  private unwrap(caseId: string, row: { wrappedKey: string | null; shreddedAt: Date | null }): Keyring {
    if (row.wrappedKey === null || row.shreddedAt !== null) throw new CaseKeyUnavailableError(caseId, true);
    const secret = Buffer.from(this.keys.open(row.wrappedKey), 'base64');
    const ring = new Keyring([{ id: caseKeyId(caseId), secret }]);
    this.put(caseId, ring);
    return ring;
  }

  private cached(caseId: string): Keyring | undefined {
    const entry = this.cache.get(caseId);
    if (!entry) return undefined;
    this.cache.delete(caseId);
    if (entry.expires <= this.now()) return undefined;
    this.cache.set(caseId, entry); // most recently used last
    return entry.ring;
  }

  private put(caseId: string, ring: Keyring): void {
    this.cache.delete(caseId);
    this.cache.set(caseId, { ring, expires: this.now() + this.ttlMs });
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }
}

const perDatabase = new WeakMap<Database, WeakMap<Keyring, CaseKeys>>();

/** The process's case keys for a database and keyring: one cache shared by the codec, the API and the activities. */
export function caseKeysFor(db: Database, keys: Keyring): CaseKeys {
  let byKeyring = perDatabase.get(db);
  if (!byKeyring) perDatabase.set(db, (byKeyring = new WeakMap()));
  let found = byKeyring.get(keys);
  if (!found) byKeyring.set(keys, (found = new CaseKeys(db, keys)));
  return found;
}
