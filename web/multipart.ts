// Reading a multipart/form-data body (a form with a file input) into text fields, for the one
// page that uploads: a draft definition. Files are read as UTF-8 text under their field's name;
// the body's size is bounded by the express.raw limit before this runs.
import type { RequestHandler } from 'express';
import express from 'express';

const MAX_PARTS = 20;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_:-]{0,99}$/;

/** The fields of a multipart body (first value of each name), or null when it is not well formed. */
export function parseMultipart(body: Buffer, contentType: string): Record<string, string> | null {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  // A null prototype: a part named __proto__ or constructor is only ever a field.
  const fields = Object.create(null) as Record<string, string>;
  let at = body.indexOf(delimiter);
  if (at < 0) return null;
  for (let parts = 0; parts < MAX_PARTS; parts += 1) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return fields;
    const headersEnd = body.indexOf('\r\n\r\n', start);
    const next = body.indexOf(delimiter, start);
    if (headersEnd < 0 || next < 0 || headersEnd > next) return null;
    const headers = body.subarray(start, headersEnd).toString('utf8');
    const name = /content-disposition:[^\r\n]*?\bname="([^"]*)"/i.exec(headers)?.[1];
    // The part's content ends with the CRLF that precedes the next delimiter.
    const content = body.subarray(headersEnd + 4, Math.max(headersEnd + 4, next - 2)).toString('utf8');
    if (name && FIELD_NAME.test(name) && !(name in fields)) fields[name] = content;
    at = next;
  }
  return null;
}

/** Parses multipart bodies up to `limit` into req.body (a malformed one is a 400). */
export function multipartForms(limit: string): RequestHandler[] {
  return [
    express.raw({ type: 'multipart/form-data', limit }),
    (req, _res, next) => {
      if (!Buffer.isBuffer(req.body)) return next();
      const fields = parseMultipart(req.body, req.get('content-type') ?? '');
      if (!fields) return next(Object.assign(new Error('malformed multipart body'), { status: 400 }));
      req.body = fields;
      next();
    },
  ];
}
