// The benchmarks' and drills' API client: JSON over fetch with the stack's admin key.
import type { Stack } from './stack';

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** Calls the stack's API as its admin; never throws on an HTTP status. */
export async function api<T = Record<string, unknown>>(
  stack: Pick<Stack, 'apiUrl' | 'adminKey'>,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${stack.adminKey}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** Like api(), but throws with the body when the status is not 2xx. */
export async function apiOk<T = Record<string, unknown>>(
  stack: Pick<Stack, 'apiUrl' | 'adminKey'>,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const answer = await api<T>(stack, method, path, body);
  if (answer.status >= 300)
    throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
