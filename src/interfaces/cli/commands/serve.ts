// `realreach serve`: opens (or creates) the store, saves the bundled example audit on first start, makes a first token when there is none, and binds the app to a port.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { createAdaptorServer } from '@hono/node-server';
import type { Command } from 'commander';
import { InputError } from '../../../core/errors.ts';
import { AuditJobService } from '../../../jobs/audit/audit-job-service.ts';
import { FetchJobService } from '../../../jobs/fetch/fetch-job-service.ts';
import { openJobQueue } from '../../../jobs/queue/open-job-queue.ts';
import { openRateSlots } from '../../../jobs/rate-limit/open-rate-slots.ts';
import { WatchJobRunner } from '../../../jobs/watch-jobs.ts';
import { locateStore, openStore } from '../../../store/dialects/open-store.ts';
import type { Store } from '../../../store/store.ts';
import { DEFAULT_LIMITS, resolveAppOptions } from '../../http/app-options.ts';
import { saveBundledExample } from '../../http/bundled-example.ts';
import { createApp } from '../../http/create-app.tsx';
import { HitRecorder } from '../../http/redirect/hit-recorder.ts';
import { createRedirectServer } from '../../http/redirect/redirect-routes.ts';
import { removeStaleUploadDirs } from '../../upload-dir.ts';
import { UsageError } from '../exit.ts';
import { type StoreFlags, withStoreOption } from '../store-option.ts';
import { surviveLostDatabase } from '../survive-lost-database.ts';
import { cachedDetectors } from './worker.ts';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_UPLOAD_MIB = 256;

interface ServeFlags extends StoreFlags {
  workers: number;
  port: number;
  host: string;
  maxUploadMb: number;
  example: boolean;
  redirectOnly?: boolean;
  trustProxy?: boolean;
}

/** Comma-separated live secrets of the signed conversion webhook, newest first (two during a rotation). */
function webhookSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.REALREACH_WEBHOOK_SECRETS ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret !== '');
}

function say(line: string): void {
  process.stdout.write(`realreach serve: ${line}\n`);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new UsageError(`--port: expected a port from 0 (any free one) to 65535, got "${value}"`);
  return port;
}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 64)
    throw new UsageError(`--workers: expected a whole number from 0 to 64, got "${value}"`);
  return n;
}

function parseMiB(value: string): number {
  const mib = Number(value);
  if (!(mib > 0) || !Number.isFinite(mib))
    throw new UsageError(`--max-upload-mb: expected a size in MiB above 0, got "${value}"`);
  return mib;
}

function describeStore(flags: StoreFlags): string {
  const location = locateStore({ db: flags.db });
  return location.dialect === 'sqlite' ? `SQLite file ${location.path}` : 'PostgreSQL (DATABASE_URL)';
}

async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'EADDRINUSE'
        ? `cannot listen on ${host}:${port}: the port is in use; pick another with --port`
        : `cannot listen on ${host}:${port}: ${code ?? (error as Error).message}`,
    );
  }
  return server.address() as AddressInfo;
}

/** The first start of an empty database: the example audit, so the dashboard has something to show. */
async function saveExampleWhenEmpty(context: ReturnType<typeof resolveAppOptions>): Promise<void> {
  if ((await context.store.listAudits({ limit: 1 })).length > 0) return;
  say('first start: auditing the bundled example (examples/demo-audience: synthetic followers)…');
  const saved = await saveBundledExample(context);
  say(`saved the example as audit ${saved.id}: ${saved.report.headline}`);
}

/** A first token when the store has none (revoked ones count: then `realreach token create` makes more). */
async function createFirstToken(store: Store): Promise<void> {
  if ((await store.listTokens()).length > 0) return;
  const created = await store.createToken('first token');
  say(`first API token, shown this once (only its hash is kept): ${created.token}`);
  say('  sign in to the dashboard with it, or send it as "Authorization: Bearer <token>"');
}

function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}/`;
}

export function registerServe(program: Command): void {
  withStoreOption(
    program
      .command('serve')
      .description(
        'start the dashboard and the HTTP API; on first start, save the bundled example audit and print a first token',
      )
      .option('--port <n>', 'port to listen on (0: any free port)', parsePort, DEFAULT_PORT)
      .option('--host <address>', 'address to listen on (0.0.0.0 opens it to the network)', DEFAULT_HOST)
      .option(
        '--max-upload-mb <n>',
        'largest follower upload (and JSON body), in MiB',
        parseMiB,
        DEFAULT_MAX_UPLOAD_MIB,
      )
      .option('--no-example', 'do not save the bundled example audit into an empty database')
      .option(
        '--workers <n>',
        'audit shards worked in this process at a time (0: leave the jobs to `realreach worker` processes)',
        parseWorkers,
        1,
      )
      .option(
        '--redirect-only',
        'serve only the tracked links /r/<slug> (and /healthz): run it on as many machines as needed against one PostgreSQL',
      )
      .option(
        '--trust-proxy',
        'behind a TLS-terminating reverse proxy you run: trust its X-Forwarded-For (client addresses) and X-Forwarded-Proto (Secure cookies)',
      )
      .addHelpText(
        'after',
        `
Tracked links and the conversion webhook:
  REALREACH_WEBHOOK_SECRETS  comma-separated secrets the webhook accepts signatures of, newest first
                             (keep the old one listed while senders move to the new one)
  Hits on /r/<slug> are written in batches (250 hits or 1 s); SIGTERM or Ctrl+C writes what is waiting.`,
      ),
  ).action(async (flags: ServeFlags) => {
    surviveLostDatabase();
    const store = await openStore({ db: flags.db });
    const hits = new HitRecorder(store.value);
    const jobs = new AuditJobService({
      store,
      queue: openJobQueue(locateStore({ db: flags.db })),
      detector: cachedDetectors(),
    });
    const fetches = new FetchJobService({
      store,
      queue: jobs.queue,
      audits: jobs,
      slots: openRateSlots(locateStore({ db: flags.db })),
      xBearerToken: process.env.X_BEARER_TOKEN,
    });
    let server: Server | undefined;
    let address: AddressInfo | undefined;
    try {
      say(`database: ${describeStore(flags)}`);
      if (flags.redirectOnly) {
        server = createRedirectServer({ store: store.value, hits, trustProxy: flags.trustProxy }, (line) =>
          process.stderr.write(`${line}\n`),
        );
      } else {
        const stale = await removeStaleUploadDirs();
        if (stale.length > 0)
          say(`removed ${stale.length} temporary upload folder(s) left by a process that was killed`);
        const uploadBytes = Math.round(flags.maxUploadMb * 1024 * 1024);
        const context = resolveAppOptions({
          store,
          jobs,
          fetches,
          // JSON bodies are parsed whole: never more than a follower upload may be.
          limits: { uploadBytes, jsonBytes: Math.min(DEFAULT_LIMITS.jsonBytes, uploadBytes) },
          hits,
        });
        const app = createApp({
          store,
          jobs,
          fetches,
          models: context.models,
          limits: context.limits,
          hits,
          trustProxy: flags.trustProxy,
          webhookSecrets: webhookSecrets(),
        });
        server = createAdaptorServer({ fetch: app.fetch }) as Server;
        // The port first: a port in use stops the start before anything is written to the database.
        address = await listen(server, flags.port, flags.host);
        if (flags.example) await saveExampleWhenEmpty(context);
        await createFirstToken(store);
        await jobs.start();
        if (flags.workers > 0) await jobs.work(flags.workers);
        // Fetch steps wait on the platform, not on the cores: worked here whenever audit shards are.
        if (flags.workers > 0) await fetches.work(2);
        // On PostgreSQL a server that works audit jobs also works the rounds of `realreach watch --queue`.
        if (flags.workers > 0 && jobs.queue.kind === 'pg-boss')
          await new WatchJobRunner({ store, queue: jobs.queue }).start(1);
        say(
          flags.workers > 0
            ? `audit jobs: worked here, ${flags.workers} shard(s) at a time (${jobs.queue.kind} queue)`
            : `audit jobs: left to \`realreach worker\` processes (${jobs.queue.kind} queue)`,
        );
      }
      // Listening for the signals before the URL is printed: whoever reads the URL may stop the server at once.
      const stopSignal = Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
      const url = urlOf(address ?? (await listen(server, flags.port, flags.host)));
      if (flags.redirectOnly) say(`tracked links ${url}r/<slug> (redirects only)`);
      else say(`dashboard ${url}  API ${url}api/v1 (OpenAPI: ${url}api/v1/openapi.json)`);
      say('press Ctrl+C to stop');
      await stopSignal;
      say('stopping');
    } finally {
      if (server?.listening) {
        const closed = once(server, 'close');
        server.close();
        server.closeIdleConnections();
        await Promise.race([closed, delay(2000)]);
        server.closeAllConnections();
      }
      // Every hit answered so far is in the batch: write it before the store closes.
      try {
        await hits.close();
        say(`hits written: ${hits.written}`);
      } finally {
        // The queue first: it waits for the fetch steps under way, which still draw on the rate slots.
        await jobs.stop();
        await fetches.stop({ stopQueue: false });
        await store.close();
      }
    }
  });
}
