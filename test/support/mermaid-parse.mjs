// Parses Mermaid text (stdin) with the real mermaid parser in a jsdom window; prints the
// diagram type, or the parse error and exits 1. Run as a child process because mermaid is ESM.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

let text = '';
for await (const chunk of process.stdin) text += chunk;
try {
  const result = await mermaid.parse(text);
  process.stdout.write(JSON.stringify(result));
} catch (err) {
  process.stderr.write(String(err.message ?? err));
  process.exit(1);
}
