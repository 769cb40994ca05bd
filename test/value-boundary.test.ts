// The value stage sits beside audit and growth on the data flow: neither of them imports it, and it imports nothing after it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const SRC = resolve(import.meta.dirname, '..', 'src');
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function modules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return modules(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every relative import of the folder's modules (tests included), as paths under src/. */
function importsOf(folder: string): { from: string; to: string }[] {
  return modules(join(SRC, folder)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((match) => match[1] ?? match[2] ?? '')
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => ({
        from: relative(SRC, file),
        to: relative(SRC, resolve(dirname(file), specifier)),
      })),
  );
}

describe('value stage boundary', () => {
  it('audit and growth never import value', () => {
    const crossing = [...importsOf('audit'), ...importsOf('growth')].filter(({ to }) =>
      to.startsWith('value/'),
    );
    assert.deepEqual(crossing, []);
  });

  it('value imports only core and itself (pure computation: no store, jobs or interfaces)', () => {
    const outside = importsOf('value').filter(
      ({ to }) => !to.startsWith('value/') && !to.startsWith('core/'),
    );
    assert.deepEqual(outside, []);
  });
});
