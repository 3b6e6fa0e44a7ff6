// Which Temporal payloads the codec endpoint may decrypt for a caller. The Temporal UI sends
// bare payloads (no workflow id), so a payload is tied to its case by what it holds once
// decrypted: the case id in a workflow input, a carried state, an activity input or a case view.
// A payload that names only cases of the caller's countries is returned decrypted (admins: any);
// anything else (another country's case, a case id we do not know, no case id at all, such as an
// update's arguments) is returned as it came, still encrypted, so nothing is shown in plaintext
// that cannot be tied to a case the caller may read.
import type { Payload } from '@temporalio/common';
import type { Database } from '../../lib/database';
import { CaseKeyUnavailableError } from '../../lib/case-keys';
import {
  EncryptionCodec,
  ENCRYPTED_ENCODING,
  payloadFromJson,
  payloadToJson,
  type JsonPayload,
} from '../../lib/payload-codec';
import { MalformedRequestError } from '../errors';
import { inScope, type Principal } from './roles';

/** Bounds of the search for case ids inside one decrypted payload. */
const MAX_DEPTH = 5;
const MAX_NODES = 20_000;

/** One payload after a scoped decode: what the caller gets back and which known cases it names (for the audit only). */
export interface ScopedPayload {
  payload: JsonPayload;
  caseIds: string[];
  /** True when the caller got it decrypted; false when it went back still encrypted (or was never encrypted). */
  decrypted: boolean;
  withheld: boolean;
}

const textOf = (bytes: Uint8Array | null | undefined) =>
  Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

/** Case ids named by `caseId` properties in a decoded JSON payload (bounded in depth and size). */
export function caseIdsOf(payload: Payload): string[] {
  if (textOf(payload.metadata?.encoding) !== 'json/plain') return [];
  let value: unknown;
  try {
    value = JSON.parse(textOf(payload.data));
  } catch {
    return [];
  }
  const found = new Set<string>();
  let frontier: unknown[] = [value];
  let visited = 0;
  for (let depth = 0; depth <= MAX_DEPTH && frontier.length > 0; depth++) {
    const next: unknown[] = [];
    for (const node of frontier) {
      if (++visited > MAX_NODES || node === null || typeof node !== 'object') continue;
      if (!Array.isArray(node) && Object.hasOwn(node, 'caseId')) {
        const id = (node as { caseId: unknown }).caseId;
        if (typeof id === 'string') found.add(id);
      }
      next.push(...Object.values(node));
    }
    frontier = next;
  }
  return [...found];
}

const isEncrypted = (payload: Payload) => textOf(payload.metadata?.encoding) === ENCRYPTED_ENCODING;

/** One audit line per case a decode touched, and one (case null) for payloads tied to no known case. */
export function decodeAuditLines(
  results: ScopedPayload[],
): { caseId: string | null; decoded: number; withheld: number }[] {
  const lines = new Map<string | null, { caseId: string | null; decoded: number; withheld: number }>();
  for (const result of results) {
    if (!result.decrypted && !result.withheld) continue;
    for (const caseId of result.caseIds.length > 0 ? result.caseIds : [null]) {
      const line = lines.get(caseId) ?? { caseId, decoded: 0, withheld: 0 };
      if (result.decrypted) line.decoded += 1;
      else line.withheld += 1;
      lines.set(caseId, line);
    }
  }
  return [...lines.values()];
}

/** Decrypts the payloads the caller may read; returns the others unchanged. 400 when one cannot be decrypted at all. */
export async function decodeInScope(
  db: Database,
  codec: EncryptionCodec,
  caller: Principal,
  payloads: JsonPayload[],
): Promise<ScopedPayload[]> {
  const sealed = payloads.map(payloadFromJson);
  const erased = new Set<number>();
  const opened = await Promise.all(
    sealed.map(async (payload, index) => {
      try {
        return (await codec.decode([payload]))[0]!;
      } catch (err) {
        // A payload of an erased case stays encrypted for good: withheld, like another country's.
        if (err instanceof CaseKeyUnavailableError && err.shredded) {
          erased.add(index);
          return payload;
        }
        throw new MalformedRequestError(
          'a payload could not be decrypted with the keys of this installation',
        );
      }
    }),
  );
  const named = opened.map(caseIdsOf);
  // Any stored case id may be named (projected cases can predate the API's id format); only bounded ones are looked up.
  const wellFormed = [...new Set(named.flat())]
    .filter((id) => id.length > 0 && id.length <= 200)
    .slice(0, 1000);
  const rows =
    wellFormed.length === 0
      ? []
      : await db.case.findMany({ where: { id: { in: wellFormed } }, select: { id: true, country: true } });
  const countryOf = new Map(rows.map((row) => [row.id, row.country]));
  return opened.map((plain, index) => {
    const caseIds = named[index]!.filter((id) => countryOf.has(id));
    const unknown = named[index]!.length > caseIds.length;
    if (!isEncrypted(sealed[index]!))
      return { payload: payloads[index]!, caseIds, decrypted: false, withheld: false };
    const permitted =
      !erased.has(index) &&
      (caller.role === 'admin' ||
        (caseIds.length > 0 && !unknown && caseIds.every((id) => inScope(caller, countryOf.get(id)))));
    return permitted
      ? { payload: payloadToJson(plain), caseIds, decrypted: true, withheld: false }
      : { payload: payloads[index]!, caseIds, decrypted: false, withheld: true };
  });
}
