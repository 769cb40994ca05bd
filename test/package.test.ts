// The published package as a user gets it: `npm pack`, `npm install ./realreach-*.tgz` into an empty folder, then the demo audit and `serve` run from dist/ with no TypeScript loader.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { ensureBuiltCli } from '../src/interfaces/cli/_test-cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'realreach-package-'));
const app = join(dir, 'app');
after(() => rmSync(dir, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

/**
 * Packs the checkout (dist/ as just built: --ignore-scripts keeps `prepare` from rebuilding it under the other
 * tests) and installs the tarball, from npm's cache where it can: a fresh clone after `npm ci` has the packages'
 * tarballs cached but not the registry metadata `npm install` resolves names by, so `--offline` failed there with
 * ENOTCACHED. better-sqlite3's install step compiles SQLite from source for minutes, so the installed copy gets the
 * checkout's compiled binding of the same version and Node.
 */
function installPackedTarball(): string {
  ensureBuiltCli();
  npm(['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
  const tarball = readdirSync(dir).find((name) => /^realreach-.*\.tgz$/.test(name));
  assert.ok(tarball, `npm pack wrote no tarball in ${dir}`);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "name": "try-realreach", "private": true }\n');
  npm(['install', '--prefer-offline', '--ignore-scripts', `../${tarball}`], app);
  const binding = join('node_modules', 'better-sqlite3', 'build', 'Release');
  mkdirSync(join(app, binding), { recursive: true });
  copyFileSync(join(ROOT, binding, 'better_sqlite3.node'), join(app, binding, 'better_sqlite3.node'));
  return join(app, 'node_modules', '.bin', 'realreach');
}

describe('the npm package', () => {
  const realreach = installPackedTarball();
  const installed = join(app, 'node_modules', 'realreach');
  const demo = join(installed, 'examples', 'demo-audience');

  it('ships the compiled CLI, the models and the demo, without the TypeScript sources or a TypeScript loader', () => {
    for (const path of [
      'dist/interfaces/cli/main.js',
      'dist/index.d.ts',
      'models/x.json',
      'models/general.json',
    ])
      assert.ok(existsSync(join(installed, path)), `${path} is missing from the package`);
    assert.ok(existsSync(join(demo, 'followers.jsonl')));
    assert.equal(existsSync(join(installed, 'src')), false, 'src/ ships in the package');
    assert.equal(existsSync(join(app, 'node_modules', 'tsx')), false, 'tsx was installed as a dependency');
  });

  it('runs the demo audit from the installed package', () => {
    const report = execFileSync(
      realreach,
      ['audit', join(demo, 'followers.jsonl'), '--profile', join(demo, 'profile.json')],
      { cwd: app, encoding: 'utf8' },
    );
    // the headline, point first: the demo looks like the training data (its words wrap at the terminal's width)
    assert.match(report.replace(/\s+/g, ' '), /≈ [\d,]+ real followers of 2,500 \(95 % CI [\d,]+–[\d,]+\)/);
    assert.doesNotMatch(report, /may be off/);
  });

  it("runs the README's growth example from the installed package", () => {
    const growth = execFileSync(realreach, ['growth', join(installed, 'examples', 'growth', 'history.csv')], {
      cwd: app,
      encoding: 'utf8',
    });
    assert.match(growth, /2026-03-12\.\.2026-03-13 +spike +\+2,506/);
  });

  it('serves the dashboard and the API with the example saved on first start', async () => {
    const { DATABASE_URL: _url, REALREACH_DB: _db, ...env } = process.env;
    const child = spawn(realreach, ['serve', '--port', '0', '--db', join(app, 'realreach.db')], {
      cwd: app,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines: string[] = [];
      let url: string | undefined;
      for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
        lines.push(line);
        url = /dashboard (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)?.[1];
        if (url) break;
      }
      assert.ok(url, `serve stopped before printing its URL:\n${lines.join('\n')}`);
      assert.match(lines.join('\n'), /saved the example as audit 1/);
      const signIn = await fetch(`${url}sign-in`);
      assert.equal(signIn.status, 200);
      assert.match(await signIn.text(), /^<!doctype html>/);
      const css = await fetch(`${url}assets/dashboard.css`);
      assert.equal(css.status, 200);
    } finally {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0);
    }
  });
});
