// Signing in to the web app from a test, as a person would: ask for a link, open it from the
// mailbox, press Continue. Works with a supertest agent (which keeps cookies).
import type { Mailbox } from '../../lib/mailbox/server';

type Agent = ReturnType<typeof import('supertest').agent>;

/** The hidden CSRF token of the first form of a page. */
export function csrfOf(page: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('the page has no CSRF token');
  return token;
}

/** The sign-in link of the last email to an address. */
export async function signInLinkFor(mailbox: Mailbox, email: string, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mail = mailbox
      .messages()
      .filter((m) => m.envelopeTo.includes(email) && /\/app\/sign-in\/verify\?token=/.test(m.text))
      .pop();
    if (mail) return /(https?:\/\/\S+\/app\/sign-in\/verify\?token=[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    if (Date.now() > until) throw new Error(`no sign-in email reached ${email}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Asks for a sign-in link for an email (optionally to come back to `next`); returns the link's path. */
export async function requestLink(
  agent: Agent,
  mailbox: Mailbox,
  email: string,
  next = '/app/tasks',
): Promise<string> {
  const form = await agent.get(`/app/sign-in?next=${encodeURIComponent(next)}`);
  const sent = await agent
    .post('/app/sign-in')
    .type('form')
    .send({ _csrf: csrfOf(form.text), email, next });
  if (sent.status !== 200) throw new Error(`asking for a link answered ${sent.status}`);
  const link = new URL(await signInLinkFor(mailbox, email));
  return `${link.pathname}${link.search}`;
}

/** Opens a sign-in link and presses Continue; returns the answer (303 to the page, or 400). */
export async function useLink(agent: Agent, path: string) {
  const page = await agent.get(path);
  const token = new URL(path, 'http://x').searchParams.get('token') ?? '';
  return agent
    .post('/app/sign-in/verify')
    .type('form')
    .send({ _csrf: csrfOf(page.text), token });
}

/** Signs in and returns the agent, now carrying the session cookie. */
export async function signIn(agent: Agent, mailbox: Mailbox, email: string): Promise<Agent> {
  const answer = await useLink(agent, await requestLink(agent, mailbox, email));
  if (answer.status !== 303) throw new Error(`sign-in answered ${answer.status}`);
  return agent;
}
