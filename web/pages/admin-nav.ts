// The three administration pages share a heading and a small menu between them.
import { html, type Html } from '../html';
import type { Speech } from '../i18n';

export type AdminArea = 'staff' | 'partners' | 'keys';

/** The menu of the administration pages, the current one marked. */
export function adminNav(speech: Speech, current: AdminArea): Html {
  const { words } = speech;
  const links: [AdminArea, string][] = [
    ['staff', words.staff],
    ['partners', words.partners],
    ['keys', words.apiKeys],
  ];
  return html`<nav aria-label="${words.admin}" class="tabs">
    ${links.map(
      ([area, label]) =>
        html`<a href="/app/admin/${area}" ${area === current ? html` aria-current="page"` : ''}
          >${label}</a
        > `,
    )}
  </nav>`;
}
