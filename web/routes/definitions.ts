// The definitions pages: the catalogue and each version's diagram (every staff role reads them,
// as GET /v1/definitions allows). The diagram library is served here, for diagram pages only.
import type { Router } from 'express';
import { dirname, join } from 'node:path';
import { mermaidDiagram } from '../../definitions/diagram';
import { getVersion, listDefinitions } from '../../definitions/store';
import { NotFoundError } from '../../api/errors';
import { DefinitionVersionParams } from '../../api/schemas/definitions';
import { definitionsPage, diagramPage } from '../pages/definitions';
import { sendHtml, sessionOf, signedIn, speechFor, type WebContext } from '../context';

// The diagram library, loaded only by diagram pages (issue 15: never on tasks or case pages).
const MERMAID_FILE = join(dirname(require.resolve('mermaid/package.json')), 'dist', 'mermaid.min.js');

/** Declares /definitions, its version pages and the diagram library. */
export function definitionRoutes(router: Router, web: WebContext): void {
  router.get('/assets/mermaid.min.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').type('application/javascript').sendFile(MERMAID_FILE);
  });

  router.get('/definitions', signedIn, async (req, res) => {
    sendHtml(res, 200, definitionsPage(speechFor(req, res), sessionOf(res), await listDefinitions(web.db)));
  });

  router.get('/definitions/:definitionId/versions/:version', signedIn, async (req, res) => {
    const { definitionId, version } = DefinitionVersionParams.parse(req.params);
    const found = await getVersion(definitionId, version, web.db);
    if (!found) throw new NotFoundError('definition version', `${definitionId}@${version}`);
    sendHtml(
      res,
      200,
      diagramPage(
        speechFor(req, res),
        sessionOf(res),
        found.definitionId,
        found.version,
        mermaidDiagram(found.definition),
      ),
    );
  });
}
