// The folders import downward only: contract/ at the bottom (beside the pure definition
// language), workflows/ and activities/ above it and apart from each other, simulation/ (the
// state machine on a virtual clock) above workflows/ and beside activities/, directory/ (API-side
// services) above activities/, lib/ below them all. A file that imports upward (type-only
// imports included) fails here with its path.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Top-level folders each folder may not import from. */
const FORBIDDEN: Record<string, string[]> = {
  contract: ['workflows', 'activities', 'api', 'lib', 'workers', 'scripts', 'directory'],
  definitions: ['contract', 'workflows', 'activities', 'api', 'workers', 'scripts', 'directory'],
  workflows: ['activities', 'api', 'lib', 'workers', 'scripts', 'directory'],
  activities: ['workflows', 'api', 'workers', 'scripts', 'directory'],
  lib: ['workflows', 'activities', 'api', 'workers', 'scripts', 'directory'],
  directory: ['workflows', 'api', 'workers', 'scripts'],
  // The simulator drives the pure state machine: nothing that does I/O.
  simulation: ['activities', 'api', 'lib', 'workers', 'scripts', 'directory'],
};

/** Packages the workflow-safe contract may import: no Node, no I/O. */
const CONTRACT_PACKAGES = ['zod', '@temporalio/common', '@temporalio/workflow'];
/** Modules of definitions/ that do I/O: not for the contract. */
const DEFINITION_IO = ['definitions/load', 'definitions/store', 'definitions/pinned'];

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)].map(
    (m) => (m[1] ?? m[2])!,
  );
}

/** The repository path an import points at, or the package name. */
function target(file: string, specifier: string): string {
  return specifier.startsWith('.')
    ? relative(ROOT, resolve(dirname(file), specifier))
        .split('\\')
        .join('/')
    : specifier;
}

const cases = Object.keys(FORBIDDEN).flatMap((folder) =>
  sources(folder).flatMap((file) =>
    specifiers(file).map(
      (specifier) => [relative(ROOT, file), folder, specifier, target(file, specifier)] as const,
    ),
  ),
);

describe('import direction', () => {
  it('finds the files it checks', () => {
    expect(cases.some(([file]) => file.startsWith('contract/'))).toBe(true);
    expect(cases.some(([file]) => file.startsWith('workflows/machine/'))).toBe(true);
  });

  it('imports nothing from a folder above', () => {
    const upward = cases.filter(
      ([, folder, specifier, to]) =>
        specifier.startsWith('.') && FORBIDDEN[folder]!.includes(to.split('/')[0]!),
    );
    expect(upward.map(([file, , specifier]) => `${file} imports ${specifier}`)).toEqual([]);
  });

  it('keeps the contract workflow-safe: zod, Temporal common/workflow and the pure definition language only', () => {
    const unsafe = cases.filter(
      ([, folder, specifier, to]) =>
        folder === 'contract' &&
        (specifier.startsWith('.')
          ? !(to.startsWith('contract/') || to.startsWith('definitions/')) || DEFINITION_IO.includes(to)
          : !CONTRACT_PACKAGES.includes(specifier)),
    );
    expect(unsafe.map(([file, , specifier]) => `${file} imports ${specifier}`)).toEqual([]);
  });
});
