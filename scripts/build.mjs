// Builds dist/ from src/: a clean tsc emit (tsconfig.build.json) plus the files tsc does not copy (the dashboard's CSS and script), then the CLI bundled from that emit into dist/cli/ (what bin/realreach.js runs).
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';

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

// The CLI as a few files instead of some fifty modules a command (and commander's seven, CommonJS): Node resolves,
// reads and compiles each module on its own, and that is most of a short command's start-up (README, "Speed and
// packaging"). Each command stays a chunk of its own, imported only when it runs. The other packages stay outside.
const CLI_OUT = join(DIST, 'cli');
/** Packages bundled into the CLI: plain JavaScript read by no path of their own. */
const BUNDLED_PACKAGES = new Set(['commander']);
/**
 * A bundled module keeps its own place: `import.meta.url` and `import.meta.dirname` stay those of its file under
 * dist/ (models/, examples/, the dashboard's assets and the audit's worker are found from there), not those of the
 * chunk it lands in.
 */
const ownPlace = {
  name: 'own-place',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/', 2).join('/') : args.path.split('/')[0];
      return BUNDLED_PACKAGES.has(name) || args.path.startsWith('node:') ? undefined : { external: true };
    });
    bundle.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(DIST + sep)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.')) return undefined;
      const own = `new URL(${JSON.stringify(relative(CLI_OUT, args.path).split(sep).join('/'))}, import.meta.url)`;
      const contents = source
        .replaceAll('import.meta.url', `${own}.href`)
        .replaceAll('import.meta.dirname', `__ownDirname(__ownFileURLToPath(${own}))`)
        .replaceAll('import.meta.filename', `__ownFileURLToPath(${own})`);
      const left = /import\.meta\.(?!resolve\b)\w+/.exec(contents.replaceAll(`${own}`, ''));
      if (left)
        throw new Error(
          `build: ${relative(ROOT, args.path)} uses ${left[0]}, which the CLI bundle does not keep`,
        );
      return {
        contents: `import { dirname as __ownDirname } from 'node:path';\nimport { fileURLToPath as __ownFileURLToPath } from 'node:url';\n${contents}`,
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};
await build({
  entryPoints: { main: join(DIST, 'interfaces', 'cli', 'main.js') },
  outdir: CLI_OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [ownPlace],
  // commander is CommonJS: its require() of Node's modules needs a require in the ES module it is bundled into
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// When dist/ was built: the test helper rebuilds when a source file is newer.
writeFileSync(join(DIST, '.built'), `${new Date().toISOString()}\n`);
console.error(`build: dist/ written from ${relative(process.cwd(), SRC) || 'src'}`);
