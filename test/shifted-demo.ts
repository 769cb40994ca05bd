// The demo audience with its handles cut short (examples/generate-demo-audience.ts --short-handles), written once per test process: an audience the audit's shift test flags, for the tests of that path now that the demo itself is not shifted.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const GENERATOR = join(import.meta.dirname, '..', 'examples', 'generate-demo-audience.ts');
let written: Promise<string> | undefined;

/** The path of the shifted demo's followers.jsonl (2,500 followers, the demo's labels; profile.json beside it). */
export function shiftedDemo(): Promise<string> {
  written ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'realreach-shifted-demo-'));
    await promisify(execFile)(process.execPath, ['--import', 'tsx', GENERATOR, dir, '--short-handles']);
    return join(dir, 'followers.jsonl');
  })();
  return written;
}
