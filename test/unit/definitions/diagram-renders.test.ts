// Every sample's diagram must be valid Mermaid, so it renders in the README, GitHub and the
// API's diagram endpoint: parsed by the real mermaid parser (in a child process: mermaid is ESM).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mermaidDiagram } from '../../../definitions/diagram';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../../definitions/load';

const parser = join(__dirname, '../../support/mermaid-parse.mjs');

function parseMermaid(text: string): { ok: boolean; output: string } {
  const run = spawnSync(process.execPath, [parser], { input: text, encoding: 'utf8', timeout: 60_000 });
  return { ok: run.status === 0, output: run.status === 0 ? run.stdout : run.stderr };
}

describe('Mermaid diagrams render', () => {
  const samples = loadDefinitionsDir(SAMPLES_DIR);

  it.each(samples.map(({ definition }) => [definition.id, definition] as const))(
    '%s parses as a Mermaid flowchart',
    (_id, definition) => {
      const result = parseMermaid(mermaidDiagram(definition));
      expect(result).toEqual({ ok: true, output: expect.stringContaining('flowchart') });
    },
    60_000,
  );

  it('would catch a broken diagram', () => {
    const result = parseMermaid('flowchart TD\n  a -->|unclosed b\n');
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/Parse error/);
  }, 60_000);
});
