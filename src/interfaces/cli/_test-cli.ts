// The built CLI for tests that run it as a user does (not part of the library): bin/realreach.js runs dist/, rebuilt here first when a source file is newer.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BUILT = join(ROOT, 'dist', '.built');
const LOCK = join(ROOT, 'dist.build-lock');

/** The path to run with `node`: `spawn(process.execPath, [CLI, ...args])`. */
export const CLI = join(ROOT, 'bin', 'realreach.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(BUILT).mtimeMs;
  } catch {
    return 0;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds dist/ unless it is newer than every file under src/ (one builder at a time across test processes). */
export function ensureBuiltCli(): void {
  const sources = Math.max(
    newestSource(join(ROOT, 'src')),
    statSync(join(ROOT, 'tsconfig.build.json')).mtimeMs,
  );
  while (builtAt() < sources) {
    try {
      mkdirSync(LOCK);
    } catch {
      sleep(200); // another test process is building
      continue;
    }
    try {
      if (builtAt() >= sources) break;
      const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

ensureBuiltCli();
