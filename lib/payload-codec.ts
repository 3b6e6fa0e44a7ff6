// Encrypts every Temporal payload (workflow inputs, update arguments, query results, history)
// with AES-256-GCM before it leaves the process. Each encrypted payload names its key id in
// its metadata, so keys can rotate: old payloads stay readable while the keyring lists them.
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { keyring as sharedKeyring, type Keyring } from './keyring';

/** Metadata encoding that marks a payload this codec encrypted. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key holding the id of the key that encrypted the payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** A payload as plain JSON (base64 bytes): what is encrypted, and what the codec server speaks. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** Turns a payload into its JSON form (metadata values and data as base64). */
export function payloadToJson(payload: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload.metadata ?? {})) {
    if (value) metadata[name] = Buffer.from(value).toString('base64');
  }
  return { metadata, data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') };
}

/** Turns the JSON form back into a payload. */
export function payloadFromJson(json: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(json.metadata ?? {}))
    metadata[name] = Buffer.from(value, 'base64');
  return { metadata, data: Buffer.from(json.data ?? '', 'base64') };
}

/** AES-256-GCM payload codec over the application keyring. */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: Keyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = utf8.encode(JSON.stringify(payloadToJson(payload)));
      const { keyId, data } = this.keys.encryptBytes(plain);
      return {
        metadata: { encoding: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(keyId) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      if (!encoding || fromUtf8.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = payload.metadata?.[KEY_ID_METADATA];
      if (!keyId || !payload.data) throw new Error('encrypted payload without key id or data');
      const plain = this.keys.decryptBytes(fromUtf8.decode(keyId), payload.data);
      return payloadFromJson(JSON.parse(plain.toString('utf8')) as JsonPayload);
    });
  }
}

/** The data converter for Client and Worker: every payload encrypted with the keyring. */
export function dataConverter(keys: Keyring = sharedKeyring()): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)] };
}
