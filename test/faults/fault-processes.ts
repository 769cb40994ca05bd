// What the fault suite runs for real: `realreach serve` and CLI child processes (with their peak memory watched), and a private PostgreSQL cluster it may stop, restart and cut off.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../../src/interfaces/cli/_test-cli.ts';

export { CLI };

/** Peak resident memory of a running process (VmHWM), in MiB; undefined once it is gone. */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Watches a child's peak memory every 50 ms until it exits; `peak()` is the highest seen. */
export function watchPeak(child: ChildProcess): { peak(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    const now = child.pid === undefined ? undefined : peakRssMiB(child.pid);
    if (now !== undefined) peak = Math.max(peak, now);
  }, 50);
  child.once('exit', () => clearInterval(timer));
  return { peak: () => peak };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  peakMiB: number;
}

/** Runs the CLI to its end (or its timeout: then SIGKILL), as a user would. */
export function runCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...cleanEnv(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watch = watchPeak(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((done) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, ms: performance.now() - started, peakMiB: watch.peak() });
    }),
  );
}

/** The environment without the variables that would point a child at another store or inject faults. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _a, REALREACH_DB: _b, REALREACH_FAULT: _c, ...env } = process.env;
  return env;
}

export interface RunningServer {
  child: ChildProcess;
  url: string;
  /** The first token, when this start made it. */
  token: string | undefined;
  log(): string;
  peakMiB(): number;
  stop(): Promise<void>;
}

/** Starts `realreach serve --port 0` and waits for its address (and its first token). */
export async function startServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<RunningServer> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--no-example', ...args], {
    cwd,
    env: { ...cleanEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watch = watchPeak(child);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 60_000;
  while (!/dashboard (http:\/\/\S+?)\//.test(output)) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`realreach serve ended:\n${output}`);
    if (Date.now() > deadline) throw new Error(`realreach serve did not start in 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = (/dashboard (http:\/\/\S+?)\//.exec(output) as RegExpExecArray)[1] as string;
  const token = /first API token, shown this once \(only its hash is kept\): (rr_\S+)/.exec(output)?.[1];
  return {
    child,
    url,
    token,
    log: () => output,
    peakMiB: () => watch.peak(),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The upload folders of realreach processes in a temp folder. */
export function uploadFolders(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith('realreach-upload-'));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** Debian's PostgreSQL binaries, newest version first; PG_BIN names another folder. */
function postgresBin(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** Why the private PostgreSQL cannot run here, or false. */
export const privatePostgresSkip: string | false =
  postgresBin() === undefined
    ? 'no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin or $PG_BIN: install postgresql'
    : false;

export interface PrivatePostgres {
  url: string;
  port: number;
  start(): void;
  /** Stops the server at once: `pg_ctl stop -m immediate` (the connections drop as in a crash). */
  stop(): void;
  /** Ends every other session of the server: pg_terminate_backend. Returns how many ended. */
  terminateConnections(): number;
  destroy(): void;
}

/**
 * A PostgreSQL cluster of its own on a random port in a temp folder, run as the postgres user when this process is
 * root (initdb refuses root): never the shared server other tests use.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  if (bin === undefined) throw new Error(String(privatePostgresSkip));
  const dir = mkdtempSync(join(tmpdir(), 'realreach-private-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const asOwner = (command: string, args: string[]) => {
    const root = process.getuid?.() === 0;
    const result = spawnSync(
      root ? 'runuser' : join(bin, command),
      root ? ['-u', 'postgres', '--', join(bin, command), ...args] : args,
      {
        encoding: 'utf8',
      },
    );
    if (result.status !== 0)
      throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
    return result.stdout;
  };
  asOwner('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = () =>
    asOwner('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  start();
  const psql = (query: string) =>
    spawnSync(
      join(bin, 'psql'),
      ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-Atc', query],
      {
        encoding: 'utf8',
      },
    );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop: () => {
      asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    terminateConnections() {
      const result = psql(
        "select count(pg_terminate_backend(pid)) from pg_stat_activity where pid <> pg_backend_pid() and backend_type = 'client backend'",
      );
      return Number(result.stdout.trim());
    },
    destroy() {
      try {
        asOwner('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
