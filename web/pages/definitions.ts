// Program managers' (and every staff member's) view of the definitions: the catalogue, and each
// version's Mermaid diagram. Only the diagram page loads the diagram library; without
// JavaScript it shows the diagram's text.
import type { DefinitionSummary } from '../../definitions/store';
import { MANAGERS } from '../../api/access/roles';
import { html } from '../html';
import { fill } from '../i18n/catalog';
import type { Speech } from '../i18n';
import { page } from '../layout';
import type { SignedIn } from '../session';

/** The path of the diagram library, served from node_modules/mermaid by the router. */
export const MERMAID_ASSET = '/app/assets/mermaid.min.js';

/** The catalogue of published definitions. */
export function definitionsPage(
  speech: Speech,
  signedIn: SignedIn,
  definitions: DefinitionSummary[],
): string {
  const { words } = speech;
  return page({
    speech,
    signedIn,
    path: '/app/definitions',
    title: words.definitions,
    body: html`<h1>${words.definitions}</h1>
      ${MANAGERS.includes(signedIn.caller.role) ? html`<p><a href="/app/definitions/validate">${words.validateDraft}</a></p>` : ''}
      ${
        definitions.length === 0
          ? html`<p>${words.noDefinitions}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${words.definition}</th>
                  <th scope="col">${words.program}</th>
                  <th scope="col">${words.country}</th>
                  <th scope="col">${words.latestVersion}</th>
                  <th scope="col">${words.versions}</th>
                </tr>
              </thead>
              <tbody>
                ${definitions.map(
                  (d) =>
                    html`<tr>
                      <td>
                        <a
                          href="/app/definitions/${encodeURIComponent(d.definitionId)}/versions/${d.latestVersion}"
                          >${d.definitionId}</a
                        >
                      </td>
                      <td>${d.program}</td>
                      <td>${d.country ?? '—'}</td>
                      <td>${d.latestVersion}</td>
                      <td>${d.versions}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }`,
  });
}

/** One version's diagram (Mermaid text, rendered in the page by the library). */
export function diagramPage(
  speech: Speech,
  signedIn: SignedIn,
  definitionId: string,
  version: number,
  mermaid: string,
): string {
  const { words } = speech;
  const title = fill(words.diagramTitle, { id: definitionId, version: String(version) });
  return page({
    speech,
    signedIn,
    path: `/app/definitions/${definitionId}/versions/${version}`,
    title,
    scripts: [MERMAID_ASSET],
    body: html`<h1>${title}</h1>
      <p><a href="/app/definitions">${words.definitions}</a></p>
      <h2>${words.diagram}</h2>
      <pre class="mermaid" dir="ltr">${mermaid}</pre>`,
  });
}
