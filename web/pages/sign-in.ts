// The sign-in pages: ask for a link, "check your email", continue with a link, a dead link.
import { html } from '../html';
import type { Speech } from '../i18n';
import { page } from '../layout';

/** The form that asks for a sign-in link. */
export function signInPage(speech: Speech, csrf: string, next: string, sent = false): string {
  const { words } = speech;
  return page({
    speech,
    title: words.signIn,
    body: html`<h1>${words.signIn}</h1>
      ${sent ? html`<p class="notice" role="status">${words.linkSent}</p>` : ''}
      <p>${words.signInIntro}</p>
      <form method="post" action="/app/sign-in">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <input type="hidden" name="next" value="${next}" />
        <input type="hidden" name="lang" value="${speech.language}" />
        <div class="field">
          <label for="email">${words.email}</label>
          <input type="email" id="email" name="email" autocomplete="email" required />
        </div>
        <button type="submit">${words.sendLink}</button>
      </form>`,
  });
}

/** What a sign-in link opens: one button, so that a mail scanner fetching the link does not use it up. */
export function continuePage(speech: Speech, csrf: string, token: string): string {
  const { words } = speech;
  return page({
    speech,
    title: words.signIn,
    body: html`<h1>${words.signIn}</h1>
      <p>${words.continueIntro}</p>
      <form method="post" action="/app/sign-in/verify">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <input type="hidden" name="token" value="${token}" />
        <button type="submit">${words.continueSignIn}</button>
      </form>`,
  });
}

/** A link that is unknown, expired or already used. */
export function deadLinkPage(speech: Speech): string {
  const { words } = speech;
  return page({
    speech,
    title: words.signIn,
    body: html`<h1>${words.signIn}</h1>
      <p class="alert" role="alert">${words.linkInvalid}</p>
      <p><a href="/app/sign-in">${words.signInAgain}</a></p>`,
  });
}
