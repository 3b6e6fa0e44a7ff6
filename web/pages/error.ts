// The page of a refused or failed request, with the API's status.
import { html } from '../html';
import type { Speech } from '../i18n';
import { page } from '../layout';
import type { SignedIn } from '../session';

/** An error page with one sentence in the person's language. */
export function errorPage(speech: Speech, message: string, signedIn?: SignedIn): string {
  const { words } = speech;
  return page({
    speech,
    title: words.errorTitle,
    signedIn,
    body: html`<h1>${words.errorTitle}</h1>
      <p class="alert" role="alert">${message}</p>
      ${signedIn ? html`<p><a href="/app/tasks">${words.back}</a></p>` : ''}`,
  });
}
