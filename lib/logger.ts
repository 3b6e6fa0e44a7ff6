// A small structured logger (one JSON line per event on stderr). Personal data must never be
// logged: fields whose names suggest it are dropped before writing, as a last line of defence.
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const PERSONAL = /^(applicant|personal|name|given|family|surname|birth|dob|dateOfBirth|phone|address|email|registration|medical|passport)/i;

/** Removes fields that may carry personal data. */
export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !PERSONAL.test(key)));
}

function write(level: Level, component: string, message: string, fields: Record<string, unknown> = {}): void {
  const threshold = (process.env.LOG_LEVEL as Level | undefined) ?? 'info';
  if (ORDER[level] < (ORDER[threshold] ?? 20)) return;
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), level, component, message, ...redact(fields) })}\n`);
}

/** A logger bound to one component name. */
export function logger(component: string) {
  return {
    debug: (message: string, fields?: Record<string, unknown>) => write('debug', component, message, fields),
    info: (message: string, fields?: Record<string, unknown>) => write('info', component, message, fields),
    warn: (message: string, fields?: Record<string, unknown>) => write('warn', component, message, fields),
    error: (message: string, fields?: Record<string, unknown>) => write('error', component, message, fields),
  };
}
