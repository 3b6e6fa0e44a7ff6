// The Mermaid diagram of the Kenya resettlement definition is committed as a fixture (and shown
// in the README); a change to the samples or to the drawing shows up here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mermaidDiagram } from '../../../definitions/diagram';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../../definitions/load';
import { miniDefinition } from './support/mini';
import { validateDefinition } from '../../../definitions/validate';

const FIXTURE = join(__dirname, '../../fixtures/resettlement.ke.mmd');

describe('Mermaid diagram', () => {
  it('draws resettlement.ke exactly as the committed fixture', () => {
    const kenya = loadDefinitionsDir(SAMPLES_DIR).find(
      ({ definition }) => definition.id === 'resettlement.ke',
    );
    // Regenerate with: npm run definitions -- diagram resettlement.ke --dir definitions/samples > test/fixtures/resettlement.ke.mmd
    expect(mermaidDiagram(kenya!.definition)).toBe(readFileSync(FIXTURE, 'utf8'));
  });

  it('gives each kind its shape, owners and due times in labels, outcomes on edges', () => {
    const result = validateDefinition(miniDefinition());
    if (!result.ok) throw new Error('mini definition is invalid');
    const text = mermaidDiagram(result.definition);
    expect(text).toContain(
      '  interview["<b>Interview</b><br/>owner: caseworker<br/>due: emergency P3D · normal P30D"]',
    );
    expect(text).toContain('  approval{"<b>Supervisor approval</b><br/>owner: supervisor"}');
    expect(text).toContain(
      '  decision{{"<b>State decision</b><br/>waits for: state_decision<br/>timeout: P6M"}}',
    );
    expect(text).toContain('  follow_up_wait(["<b>Three months after arrival</b><br/>after P3M"])');
    expect(text).toContain('  closed(("<b>Closed</b><br/>closed: resettled"))');
    expect(text).toContain('  approval -->|returned| interview');
    expect(text).toContain('  decision -.->|rejected| closed');
    expect(text).toContain('  case_start(("start")) --> identification');
  });

  it('escapes quotes in titles and renames steps called like Mermaid keywords', () => {
    const definition = miniDefinition();
    definition.steps[0].title = 'The "first" contact';
    definition.steps[5].id = 'end';
    definition.steps[2].outcomes.rejected = 'end';
    definition.steps[3].outcomes.rejected = 'end';
    definition.steps[4].outcomes.elapsed = 'end';
    const result = validateDefinition(definition);
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    const text = mermaidDiagram(result.definition);
    expect(text).toContain('The #quot;first#quot; contact');
    expect(text).toContain('  approval -->|rejected| end_');
  });
});
