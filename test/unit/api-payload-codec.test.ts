// The payload codec: what Temporal stores is ciphertext naming its key, old keys still
// decrypt after rotation, tampering is detected, and foreign payloads pass through.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { Keyring } from '../../lib/keyring';
import { EncryptionCodec, ENCRYPTED_ENCODING, payloadFromJson, payloadToJson } from '../../lib/payload-codec';

const key = (id: string) => ({ id, secret: randomBytes(32) });
const applicant = { givenName: 'Zainabu', birthDate: '1987-03-14' };
const text = (bytes?: Uint8Array | null) => Buffer.from(bytes ?? []).toString('utf8');

describe('EncryptionCodec', () => {
  it('encrypts each payload with the current key and decodes it back exactly', async () => {
    const codec = new EncryptionCodec(new Keyring([key('k1')]));
    const plain = defaultPayloadConverter.toPayload(applicant);
    const [encoded] = await codec.encode([plain]);
    expect(text(encoded!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded!.metadata!['encryption-key-id'])).toBe('k1');
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('Zainabu');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(applicant);
  });

  it('still decrypts payloads of a rotated-out key while new ones use the new key', async () => {
    const old = key('k1');
    const [before] = await new EncryptionCodec(new Keyring([old])).encode([
      defaultPayloadConverter.toPayload(applicant),
    ]);
    const rotated = new EncryptionCodec(new Keyring([key('k2'), old]));
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([before!]))[0]!)).toEqual(applicant);
    const [after] = await rotated.encode([defaultPayloadConverter.toPayload(applicant)]);
    expect(text(after!.metadata!['encryption-key-id'])).toBe('k2');
  });

  it('refuses a tampered payload and one whose key is unknown', async () => {
    const codec = new EncryptionCodec(new Keyring([key('k1')]));
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(applicant)]);
    const tampered = { ...encoded!, data: Buffer.from(encoded!.data!).map((b, i) => (i === 40 ? b ^ 1 : b)) };
    await expect(codec.decode([tampered])).rejects.toThrow();
    await expect(new EncryptionCodec(new Keyring([key('other')])).decode([encoded!])).rejects.toThrow(
      /unknown encryption key id "k1"/,
    );
  });

  it('passes payloads it did not encrypt through unchanged, and round-trips the codec server JSON form', async () => {
    const codec = new EncryptionCodec(new Keyring([key('k1')]));
    const plain = defaultPayloadConverter.toPayload('not secret');
    expect(await codec.decode([plain])).toEqual([plain]);
    const json = payloadToJson(plain);
    expect(payloadToJson(payloadFromJson(json))).toEqual(json);
  });
});
