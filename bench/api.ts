// API load benchmark: serves the bundled example audit on loopback and drives it with autocannon (a child process, so load and server do not share an event loop); requests/s and p50/p99 latency for an audit, a page of its followers and its dashboard page.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { resolveAppOptions } from '../src/interfaces/http/app-options.ts';
import { saveBundledExample } from '../src/interfaces/http/bundled-example.ts';
import { createApp } from '../src/interfaces/http/create-app.tsx';
import { SESSION_COOKIE } from '../src/interfaces/web/session.ts';
import { openSqliteStore } from '../src/store/dialects/sqlite.ts';

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

export interface ApiBenchOptions {
  /** Seconds of load per route (the run stops earlier at maxRequests). */
  seconds: number;
  connections: number;
  /** Requests per route at most. */
  maxRequests: number;
  log: (line: string) => void;
}

export const DEFAULT_API_BENCH: Omit<ApiBenchOptions, 'log'> = {
  seconds: 5,
  connections: 10,
  maxRequests: 50_000,
};

export interface RouteLoad {
  name: string;
  path: string;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses that were not 2xx, and connection errors: a run with either is not a measurement. */
  failures: number;
}

export interface ApiBenchResult {
  followers: number;
  connections: number;
  cpus: number;
  routes: RouteLoad[];
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** autocannon's JSON for one URL, bounded by time and request count; killed if it overruns both. */
function autocannon(url: string, header: string, options: ApiBenchOptions): Promise<AutocannonJson> {
  const args = [
    AUTOCANNON,
    ...['-c', String(options.connections), '-d', String(options.seconds)],
    ...['-O', String(options.maxRequests), '-H', header, '-j', url],
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: (options.seconds + 30) * 1000,
    });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      errors += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(output) as AutocannonJson);
      else reject(new Error(`autocannon ${url} exited with ${code}: ${errors.slice(-500)}`));
    });
  });
}

export async function benchApi(options: ApiBenchOptions): Promise<ApiBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'realreach-bench-api-'));
  const store = await openSqliteStore(join(dir, 'bench.db'));
  let server: Server | undefined;
  try {
    const context = resolveAppOptions({ store });
    options.log('api: auditing the bundled example into a fresh SQLite store…');
    const { id, report } = await saveBundledExample(context);
    const { token } = await store.createToken('bench');
    server = createAdaptorServer({ fetch: createApp({ store, models: context.models }).fetch }) as Server;
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const bearer = `Authorization=Bearer ${token}`;
    const targets = [
      { name: 'GET audit (API)', path: `/api/v1/audits/${id}`, header: bearer },
      {
        name: 'GET followers page of 100 (API)',
        path: `/api/v1/audits/${id}/followers?limit=100`,
        header: bearer,
      },
      {
        name: 'GET audit page (dashboard HTML)',
        path: `/audits/${id}`,
        header: `Cookie=${SESSION_COOKIE}=${token}`,
      },
    ];
    const routes: RouteLoad[] = [];
    for (const target of targets) {
      options.log(`api: ${target.name} for up to ${options.seconds} s or ${options.maxRequests} requests…`);
      const run = await autocannon(`${base}${target.path}`, target.header, options);
      routes.push({
        name: target.name,
        path: target.path,
        requests: run.requests.total,
        seconds: run.duration,
        requestsPerSecond: run.requests.average,
        p50Ms: run.latency.p50,
        p99Ms: run.latency.p99,
        failures: run.non2xx + run.errors + run.timeouts,
      });
    }
    return {
      followers: report.followersRead,
      connections: options.connections,
      cpus: availableParallelism(),
      routes,
    };
  } finally {
    server?.close();
    server?.closeAllConnections();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function renderApiBench(result: ApiBenchResult): string {
  const rows = result.routes.map(
    (route) =>
      `  ${route.name.padEnd(34)} ${whole.format(route.requestsPerSecond).padStart(7)} req/s   p50 ${String(route.p50Ms).padStart(4)} ms   p99 ${String(route.p99Ms).padStart(4)} ms   (${whole.format(route.requests)} requests in ${route.seconds.toFixed(1)} s${route.failures > 0 ? `, ${route.failures} FAILED` : ''})`,
  );
  return `${[
    '## HTTP API',
    '',
    `autocannon on loopback, ${result.connections} connections, SQLite store, the example audit (${whole.format(result.followers)} followers), ${result.cpus} CPUs; every request checks its token in the store:`,
    ...rows,
  ].join('\n')}\n`;
}
