// One signed webhook POST and what its answer means: delivered, worth retrying (5xx, 408, 429,
// timeout, connection error) or rejected (any other 4xx, a redirect).
import { signatureHeader } from './signature';

export type WebhookAttempt =
  { outcome: 'delivered'; status: number } | { outcome: 'retry' | 'reject'; error: string };

/** POSTs a body to a partner's webhook, signed with each given secret. */
export async function postWebhook(input: {
  url: string;
  body: string;
  eventId: string;
  secrets: string[];
  timeoutMs: number;
  now?: Date;
}): Promise<WebhookAttempt> {
  const timestamp = Math.floor((input.now ?? new Date()).getTime() / 1000);
  let response: Response;
  try {
    response = await fetch(input.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(input.timeoutMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Pathways-Webhooks/1',
        'Idempotency-Key': input.eventId,
        'Pathways-Event-Id': input.eventId,
        'Pathways-Timestamp': String(timestamp),
        'Pathways-Signature': signatureHeader(input.secrets, timestamp, input.body),
      },
      body: input.body,
    });
    await response.arrayBuffer().catch(() => undefined);
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const reason =
      e.name === 'TimeoutError' ? `timeout after ${input.timeoutMs} ms` : (e.cause?.code ?? e.message);
    return { outcome: 'retry', error: reason };
  }
  const status = response.status;
  if (status >= 200 && status < 300) return { outcome: 'delivered', status };
  const error = `HTTP ${status}`;
  if (status >= 500 || status === 408 || status === 429) return { outcome: 'retry', error };
  return { outcome: 'reject', error };
}
