// Starts a `realreach worker` child process for the PostgreSQL job tests and resolves once it says it is working.
import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Spawns `node --import tsx MAIN worker …args` with `env`, kept in `live` from its start to its exit (so a test's
 * cleanup can kill one that never got ready); rejects with its output if it exits before it is ready.
 */
export async function spawnRealreachWorker(
  main: string,
  env: NodeJS.ProcessEnv,
  live: Set<ChildProcess>,
  args: string[] = [],
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'worker', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.on('exit', () => live.delete(child));
  let output = '';
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await new Promise<void>((done, fail) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      if (output.includes('working audit jobs')) done();
    });
    child.on('exit', (code) => fail(new Error(`worker exited (${code}): ${output}`)));
  });
  return child;
}
