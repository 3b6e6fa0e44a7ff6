// The multipart reader of the draft upload form: fields and a file as text, a null-prototype
// result whatever the part names, and refusal of what is not well formed.
import { parseMultipart } from '../../web/multipart';

const TYPE = 'multipart/form-data; boundary=----b0undary';
const body = (...parts: string[]) =>
  Buffer.from(parts.map((p) => `------b0undary\r\n${p}\r\n`).join('') + '------b0undary--\r\n', 'utf8');

describe('parseMultipart', () => {
  it('reads fields and a file (as UTF-8 text) by name; the first value of a name wins', () => {
    const fields = parseMultipart(
      body(
        'Content-Disposition: form-data; name="_csrf"\r\n\r\ntoken',
        'Content-Disposition: form-data; name="file"; filename="ke.yaml"\r\nContent-Type: application/yaml\r\n\r\nid: x\r\ntitle: "Réinstallation — مرحبا"\r\n',
        'Content-Disposition: form-data; name="_csrf"\r\n\r\nsecond',
      ),
      TYPE,
    );
    expect({ ...fields }).toEqual({ _csrf: 'token', file: 'id: x\r\ntitle: "Réinstallation — مرحبا"\r\n' });
  });

  it('keeps __proto__ and constructor as plain fields, never as the object’s prototype', () => {
    const fields = parseMultipart(
      body(
        'Content-Disposition: form-data; name="__proto__"\r\n\r\n{"polluted":true}',
        'Content-Disposition: form-data; name="constructor"\r\n\r\nx',
      ),
      TYPE,
    )!;
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(fields['__proto__']).toBe('{"polluted":true}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a body without its boundary, a cut-off body and an unknown boundary', () => {
    expect(
      parseMultipart(body('Content-Disposition: form-data; name="a"\r\n\r\n1'), 'multipart/form-data'),
    ).toBeNull();
    expect(
      parseMultipart(
        Buffer.from('------b0undary\r\nContent-Disposition: form-data; name="a"\r\n\r\n1'),
        TYPE,
      ),
    ).toBeNull();
    expect(parseMultipart(Buffer.from('nothing here'), TYPE)).toBeNull();
  });
});
