// The workflow sandbox rule: an allow-list of what workflow code may import. Workflow code is
// bundled into Temporal's deterministic sandbox, which has no Node built-ins and must not pull in
// Node-only packages, so a path-pattern deny-list is not enough (patterns match the text of the
// import, not where it lands). Each import is resolved against the file that makes it:
// - a package must be on `packages` (Node built-ins, taken from `builtinModules`, get their own message);
// - a relative import must land in one of `folders`; outside the linted tree (contract/,
//   definitions/) the module must itself be workflow-safe, checked transitively, so
//   definitions/load.ts (fs) or definitions/store.ts (database) are refused by what they import,
//   not by a hand-kept list;
// - a type-only import (`import type`, or every specifier `type`) is erased before bundling and
//   may come from anywhere.
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import tseslint from 'typescript-eslint';

const builtins = new Set(builtinModules);

/** Whether a module specifier names a Node built-in (`fs`, `fs/promises`, `node:anything`). */
export function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || builtins.has(specifier);
}

function isTypeOnly(node) {
  if (node.type === 'ImportDeclaration') {
    return (
      node.importKind === 'type' ||
      (node.specifiers.length > 0 &&
        node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'))
    );
  }
  if (node.type === 'ExportNamedDeclaration') {
    return (
      node.exportKind === 'type' ||
      (node.specifiers.length > 0 && node.specifiers.every((s) => s.exportKind === 'type'))
    );
  }
  if (node.type === 'ExportAllDeclaration' || node.type === 'TSImportEqualsDeclaration') {
    return (node.exportKind ?? node.importKind) === 'type';
  }
  return false;
}

/** The module specifiers a program loads at run time, each with the node that names it. */
function valueImports(program) {
  const found = [];
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
        if (node.source && !isTypeOnly(node)) found.push({ node: node.source, specifier: node.source.value });
        break;
      case 'ImportExpression':
        if (node.source.type === 'Literal' && typeof node.source.value === 'string') {
          found.push({ node: node.source, specifier: node.source.value });
        }
        break;
      case 'CallExpression':
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal' &&
          typeof node.arguments[0].value === 'string'
        ) {
          found.push({ node: node.arguments[0], specifier: node.arguments[0].value });
        }
        break;
      case 'TSImportEqualsDeclaration':
        if (node.moduleReference.type === 'TSExternalModuleReference' && !isTypeOnly(node)) {
          found.push({
            node: node.moduleReference.expression,
            specifier: node.moduleReference.expression.value,
          });
        }
        break;
    }
    for (const key of Object.keys(node)) {
      if (key === 'parent') continue;
      const child = node[key];
      if (Array.isArray(child)) child.forEach(visit);
      else if (child && typeof child === 'object') visit(child);
    }
  };
  visit(program);
  return found;
}

function resolveFile(target) {
  const candidates = [`${target}.ts`, path.join(target, 'index.ts'), target.replace(/\.js$/, '.ts'), target];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

/**
 * Checks imports against the allow-list. Returns undefined when allowed, else
 * `{ messageId, data }` for the report.
 */
function makeChecker({ root, packages, folders, linted }) {
  const verdicts = new Map(); // file -> undefined (safe) | reason string
  const relativeOf = (file) => path.relative(root, file).split(path.sep).join('/');

  function check(specifier, fromFile) {
    if (isNodeBuiltin(specifier)) return { messageId: 'builtin', data: { specifier } };
    if (!specifier.startsWith('.')) {
      return packages.includes(specifier)
        ? undefined
        : { messageId: 'package', data: { specifier, packages: packages.join(', ') } };
    }
    const target = path.resolve(path.dirname(fromFile), specifier);
    const folder = folders.find((f) => relativeOf(target) === f || relativeOf(target).startsWith(`${f}/`));
    if (!folder)
      return { messageId: 'outside', data: { specifier, folders: folders.map((f) => `${f}/`).join(', ') } };
    if (folder === linted) return undefined; // linted file by file under this same rule
    const file = resolveFile(target);
    if (!file) return { messageId: 'unresolved', data: { specifier } };
    const reason = impurity(file, new Set());
    return reason ? { messageId: 'impure', data: { specifier, reason } } : undefined;
  }

  // Why a module outside the linted folder is not workflow-safe (undefined when it is).
  function impurity(file, visiting) {
    const key = `${file}:${statSync(file).mtimeMs}`;
    if (verdicts.has(key)) return verdicts.get(key);
    if (visiting.has(file)) return undefined; // a cycle: judged by its other imports
    visiting.add(file);
    const { ast: program } = tseslint.parser.parseForESLint(readFileSync(file, 'utf8'), { filePath: file });
    let reason;
    for (const { specifier } of valueImports(program)) {
      if (isNodeBuiltin(specifier) || !specifier.startsWith('.')) {
        if (!packages.includes(specifier)) reason = `${relativeOf(file)} imports '${specifier}'`;
      } else {
        const target = path.resolve(path.dirname(file), specifier);
        const inner = resolveFile(target);
        const innerFolder = folders.find((f) => relativeOf(target).startsWith(`${f}/`));
        if (!innerFolder || !inner) reason = `${relativeOf(file)} imports '${specifier}'`;
        else {
          const deeper = impurity(inner, visiting);
          if (deeper) reason = `${relativeOf(file)} → ${deeper}`;
        }
      }
      if (reason) break;
    }
    visiting.delete(file);
    verdicts.set(key, reason);
    return reason;
  }

  return check;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Workflow code may import only what the Temporal sandbox can run (an allow-list).' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          packages: { type: 'array', items: { type: 'string' } },
          folders: { type: 'array', items: { type: 'string' } },
          linted: { type: 'string' },
        },
        required: ['root', 'packages', 'folders', 'linted'],
        additionalProperties: false,
      },
    ],
    messages: {
      builtin:
        "'{{specifier}}' is a Node built-in: workflow code runs in the Temporal sandbox, which has none (do it in an activity).",
      package:
        "'{{specifier}}' is not on the workflow allow-list ({{packages}}): reach Node-only code through an activity, or use `import type`.",
      outside:
        "'{{specifier}}' leaves {{folders}}: workflow code imports values only from there (types from anywhere, with `import type`).",
      unresolved: "'{{specifier}}' does not resolve to a .ts file, so it cannot be checked as workflow-safe.",
      impure: "'{{specifier}}' is not workflow-safe: {{reason}} (use `import type`, or move the pure part).",
    },
  },
  create(context) {
    const check = makeChecker(context.options[0]);
    return {
      Program(program) {
        for (const { node, specifier } of valueImports(program)) {
          const problem = check(specifier, context.filename);
          if (problem) context.report({ node, ...problem });
        }
      },
    };
  },
};

export default { meta: { name: 'pathways-workflow-sandbox' }, rules: { imports: rule } };
