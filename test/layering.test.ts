/**
 * The layering (docs/ARCHITECTURE.md), read from the source files themselves: every
 * `import … from`, `export … from` and `import()` of a relative path, resolved against the
 * importing file. The API never imports the web application or the composition above both;
 * the web application never imports the composition; the domain imports nothing of ours.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(entry.name)) found.push(path);
  }
  return found;
}

/** The specifiers a file imports: static imports, re-exports, type imports and dynamic imports. */
function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) out.push(m[1]!);
  return out;
}

/** Each relative import of each file under `folder`, as a path relative to src/ ("web/pages/x.tsx"). */
function importsUnder(folder: string): { file: string; target: string }[] {
  const out: { file: string; target: string }[] = [];
  for (const file of sourceFiles(join(src, folder))) {
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      out.push({ file: relative(src, file).split(sep).join('/'), target: relative(src, resolve(dirname(file), spec)).split(sep).join('/') });
    }
  }
  return out;
}

const inside = (target: string, folder: string) => target === folder || target.startsWith(`${folder}/`) || target.startsWith(`${folder}.`);

describe('layering', () => {
  test('the import reader sees every form of import', () => {
    const text = [
      "import a from '../web/a.ts';",
      "import type { B } from '../web/b.ts';",
      "import {\n  c,\n  d,\n} from '../web/c.ts';",
      "export { e } from '../web/e.ts';",
      "export * from '../web/f.ts';",
      "import '../web/g.ts';",
      "const h = await import('../web/h.ts');",
    ].join('\n');
    assert.deepEqual(importSpecifiers(text).sort(), ['../web/a.ts', '../web/b.ts', '../web/c.ts', '../web/e.ts', '../web/f.ts', '../web/g.ts', '../web/h.ts']);
  });

  test('the API imports nothing from the web application or the composition', () => {
    const found = importsUnder('api').filter(({ target }) => inside(target, 'web') || inside(target, 'app'));
    assert.deepEqual(found, []);
  });

  test('the web application imports nothing from the composition', () => {
    const found = importsUnder('web').filter(({ target }) => inside(target, 'app'));
    assert.deepEqual(found, []);
  });

  test('the domain imports nothing of ours outside itself', () => {
    const imports = importsUnder('domain');
    assert.ok(imports.length > 0, 'the domain files import each other');
    assert.deepEqual(imports.filter(({ target }) => !inside(target, 'domain')), []);
  });
});
