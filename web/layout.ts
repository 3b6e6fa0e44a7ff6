// The frame of every page: language and direction on <html>, a skip link, the bar with the
// person's tasks, the language switcher and sign out, then the page's own content.
import { html, type Html } from './html';
import { LANGUAGES, LANGUAGE_NAMES, type Speech } from './i18n';
import { MONITORS, SUPERVISORS } from '../api/access/roles';
import type { SignedIn } from './session';

export interface PageInput {
  speech: Speech;
  title: string;
  body: Html;
  /** Absent on the sign-in pages. */
  signedIn?: SignedIn;
  /** The path to come back to after switching language. */
  path?: string;
  /** Scripts this page needs (most pages need none). */
  scripts?: string[];
}

function bar(speech: Speech, signedIn: SignedIn | undefined, path: string): Html {
  const { words } = speech;
  const languages = LANGUAGES.map(
    (l) =>
      html`<option value="${l}" lang="${l}" ${l === speech.language ? html` selected` : ''}>
        ${LANGUAGE_NAMES[l]}
      </option>`,
  );
  if (!signedIn) {
    // Before sign-in the language is a plain link parameter (nothing to protect yet).
    return html`<header class="bar">
      <span>${words.appName}</span>
      <nav aria-label="${words.language}">
        ${LANGUAGES.map(
          (l) =>
            html`<a href="?lang=${l}" lang="${l}" ${l === speech.language ? html` aria-current="true"` : ''}
              >${LANGUAGE_NAMES[l]}</a
            >`,
        )}
      </nav>
    </header>`;
  }
  return html`<header class="bar">
    <nav aria-label="${words.appName}">
      <a href="/app/tasks">${words.myTasks}</a
      >${SUPERVISORS.includes(signedIn.caller.role) ? html` <a href="/app/team">${words.team}</a>` : ''}
      <a href="/app/definitions">${words.definitions}</a>
      ${MONITORS.includes(signedIn.caller.role) ? html`<a href="/app/statistics">${words.statistics}</a>` : ''}
      ${signedIn.caller.role === 'admin' ? html`<a href="/app/admin/staff">${words.admin}</a>` : ''}
    </nav>
    <nav aria-label="${words.language}">
      <form method="post" action="/app/language">
        <input type="hidden" name="_csrf" value="${signedIn.csrfToken}" />
        <input type="hidden" name="next" value="${path}" />
        <label for="language-switch" class="sr-only">${words.language}</label>
        <select id="language-switch" name="language">
          ${languages}
        </select>
        <button type="submit" class="secondary">${words.switchLanguage}</button>
      </form>
      <span class="who">${words.signedInAs.replace('{email}', signedIn.caller.principal)}</span>
      <form method="post" action="/app/sign-out">
        <input type="hidden" name="_csrf" value="${signedIn.csrfToken}" />
        <button type="submit" class="secondary">${words.signOut}</button>
      </form>
    </nav>
  </header>`;
}

/** A whole HTML document. */
export function page({ speech, title, body, signedIn, path, scripts }: PageInput): string {
  return html`<!doctype html>
    <html lang="${speech.language}" dir="${speech.direction}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${speech.words.appName}</title>
        <link rel="stylesheet" href="/app/assets/app.css" />
        ${(scripts ?? []).map((src) => html`<script src="${src}" defer></script> `)}
      </head>
      <body>
        <a class="skip" href="#main">${speech.words.skipToContent}</a>
        ${bar(speech, signedIn, path ?? '/app/tasks')}
        <main id="main">${body}</main>
      </body>
    </html> `.value;
}
