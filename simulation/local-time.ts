// Instants shown in a country's wall-clock time, and wall-clock times read back as instants.
// Uses the definitions' own zone offsets (definitions/duration.ts); no date arithmetic here.
import { offsetAt } from '../definitions/duration';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;

function offsetText(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.abs(Math.round(offsetMs / 60_000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** An instant as ISO-8601 in the zone's local time with its offset: `2027-01-04T09:00:00+03:00` (with milliseconds when it has some). */
export function localIso(instant: number, timeZone: string): string {
  const offset = offsetAt(instant, timeZone);
  const text = new Date(instant + offset).toISOString();
  // Milliseconds only when there are some (a simulation starts on a whole minute).
  return `${instant % 1000 === 0 ? text.slice(0, 19) : text.slice(0, 23)}${offsetText(offset)}`;
}

/** An instant as a short local date and time for tables: `2027-01-04 09:00`. */
export function localShort(instant: number, timeZone: string): string {
  return localIso(instant, timeZone).slice(0, 16).replace('T', ' ');
}

/** The local calendar date of an instant in the zone: `2027-01-04`. */
export function localDate(instant: number, timeZone: string): string {
  return localIso(instant, timeZone).slice(0, 10);
}

/** Reads `YYYY-MM-DD` (09:00) or `YYYY-MM-DDTHH:MM` as a wall-clock time in the zone; undefined when it is neither. */
export function parseLocal(text: string, timeZone: string): number | undefined {
  const match = LOCAL.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour = '09', minute = '00'] = match.slice(1) as string[];
  const asUtc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute));
  const check = new Date(asUtc);
  if (check.getUTCDate() !== Number(day) || Number(hour) > 23 || Number(minute) > 59) return undefined;
  // The offset at the guessed instant, then at the corrected one (enough away from a DST gap).
  const guess = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(guess, timeZone);
}

/** When a simulated case starts: the local time given (see parseLocal), else tomorrow 09:00 in the zone; undefined when the text is not a time. */
export function simulationStart(text: string | undefined, timeZone: string, now: number): number | undefined {
  return parseLocal(text ?? localDate(now + 86_400_000, timeZone), timeZone);
}
