// Opens the job queue a store goes with: pg-boss on PostgreSQL (DATABASE_URL), the in-process queue with SQLite.
import type { StoreLocation } from '../../store/dialects/open-store.ts';
import { InProcessQueue } from './in-process-queue.ts';
import type { JobQueue } from './job-queue.ts';
import { PgBossQueue } from './pg-boss-queue.ts';

export function openJobQueue(location: StoreLocation, env: NodeJS.ProcessEnv = process.env): JobQueue {
  if (location.dialect === 'sqlite') return new InProcessQueue((line) => process.stderr.write(`${line}\n`));
  return new PgBossQueue({
    connectionString: location.connectionString,
    schema: env.REALREACH_PGBOSS_SCHEMA || 'pgboss',
    ...(env.REALREACH_QUEUE_MAINTENANCE_SECONDS
      ? { maintenanceIntervalSeconds: Number(env.REALREACH_QUEUE_MAINTENANCE_SECONDS) }
      : {}),
  });
}
