// Builds dist/ from src/: a clean tsc emit (tsconfig.build.json) plus the files tsc does not copy (the dashboard's CSS and script).
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');

/** Files under src/ that ship as they are: neither TypeScript nor a test fixture. */
function plainFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'fixtures') found.push(...plainFiles(path));
    } else if (!['.ts', '.tsx'].includes(extname(name))) found.push(path);
  }
  return found;
}

rmSync(DIST, { recursive: true, force: true });
const typescript = dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
const tsc = join(typescript, 'bin', 'tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error('build: tsc failed; dist/ is incomplete');
  process.exit(result.status ?? 1);
}
for (const file of plainFiles(SRC)) cpSync(file, join(DIST, relative(SRC, file)));
// When dist/ was built: the test helper rebuilds when a source file is newer.
writeFileSync(join(DIST, '.built'), `${new Date().toISOString()}\n`);
console.error(`build: dist/ written from ${relative(process.cwd(), SRC) || 'src'}`);
