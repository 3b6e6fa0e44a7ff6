// The application's encryption keys (AES-256-GCM) for personal data at rest, Temporal
// payloads and partner secrets. Each ciphertext names its key id so keys can rotate: the
// first key encrypts, every listed key decrypts.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from './config';

export interface Key {
  id: string;
  secret: Buffer;
}

export class Keyring {
  constructor(readonly keys: Key[]) {
    if (keys.length === 0) throw new Error('a keyring needs at least one key');
    for (const key of keys) if (key.secret.length !== 32) throw new Error(`key ${key.id} must be 32 bytes`);
  }

  /** The key new ciphertexts are made with. */
  get current(): Key {
    return this.keys[0]!;
  }

  /** Finds a key by id, or throws naming the unknown id. */
  key(id: string): Key {
    const found = this.keys.find((k) => k.id === id);
    if (!found) throw new Error(`unknown encryption key id "${id}"`);
    return found;
  }

  /** Encrypts bytes with the current key: returns iv(12) | tag(16) | ciphertext, and the key id. */
  encryptBytes(plain: Uint8Array, aad?: Uint8Array): { keyId: string; data: Buffer } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.secret, iv);
    if (aad) cipher.setAAD(aad);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { keyId: this.current.id, data: Buffer.concat([iv, cipher.getAuthTag(), body]) };
  }

  /** Decrypts what encryptBytes made, with the named key. */
  decryptBytes(keyId: string, data: Uint8Array, aad?: Uint8Array): Buffer {
    const buf = Buffer.from(data);
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId).secret, buf.subarray(0, 12));
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]);
  }

  /** Encrypts a string into `v1.<keyId>.<base64>`, safe to store in a text column. */
  seal(plain: string): string {
    const { keyId, data } = this.encryptBytes(Buffer.from(plain, 'utf8'));
    return `v1.${keyId}.${data.toString('base64')}`;
  }

  /** Opens what seal made. */
  open(sealed: string): string {
    const { keyId, body } = sealedParts(sealed);
    return this.decryptBytes(keyId, Buffer.from(body, 'base64')).toString('utf8');
  }
}

/** The key id and body of a sealed value `v1.<keyId>.<base64>`, or throws when it is not one. */
export function sealedParts(sealed: string): { keyId: string; body: string } {
  const [version, keyId, body, extra] = sealed.split('.');
  if (version !== 'v1' || !keyId || !body || extra !== undefined) throw new Error('not a sealed value');
  return { keyId, body };
}

/** Parses `id:base64,id:base64` (first is current). */
export function parseKeys(spec: string): Key[] {
  return spec.split(',').map((entry) => {
    const [id, b64] = entry.split(':');
    return { id: id!, secret: Buffer.from(b64!, 'base64') };
  });
}

/** The keyring from PATHWAYS_KEYS, else a key generated once into the data folder (dev default). */
export function loadKeyring(spec: string | undefined, dataDir: string): Keyring {
  if (spec) return new Keyring(parseKeys(spec));
  const file = join(dataDir, 'keys.txt');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `dev1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return new Keyring(parseKeys(readFileSync(file, 'utf8').trim()));
}

let shared: Keyring | undefined;

/** The environment's keyring, shared: for tests and the one-shot CLIs. The processes take theirs from lib/resources.ts. */
export function keyring(): Keyring {
  if (!shared) {
    const config = parseConfig();
    shared = loadKeyring(config.PATHWAYS_KEYS, config.PATHWAYS_DATA_DIR);
  }
  return shared;
}
