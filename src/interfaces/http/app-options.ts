// What createApp is given: the store, how models are loaded, and the limits on requests — typed options merged over typed defaults.

import { AuditJobService } from '../../jobs/audit/audit-job-service.ts';
import { FetchJobService } from '../../jobs/fetch/fetch-job-service.ts';
import { InProcessQueue } from '../../jobs/queue/in-process-queue.ts';
import { InProcessRateSlots } from '../../jobs/rate-limit/rate-slots.ts';
import type { Detector } from '../../model/detector.ts';
import { loadDetector } from '../../model/detector.ts';
import type { BUNDLED_MODEL_NAMES } from '../../model/model-file.ts';
import type { Store } from '../../store/store.ts';
import { FailureThrottle } from './auth/failure-throttle.ts';
import { HitRecorder } from './redirect/hit-recorder.ts';

export type BundledModelName = (typeof BUNDLED_MODEL_NAMES)[number];

/** The detector of a bundled model. Callers of the API pick models by name only, never by path. */
export type ModelLoader = (name: BundledModelName) => Promise<Detector>;

export interface AppLimits {
  /** Largest follower upload in bytes (multipart or raw body); counted as it streams in, refused with 413 past it. */
  uploadBytes: number;
  /** Largest JSON request body in bytes: JSON is parsed whole to be validated, so its limit is smaller. */
  jsonBytes: number;
  /**
   * Largest follower upload once inflated, when it is gzipped (its compressed bytes count against uploadBytes):
   * 16 × uploadBytes unless given, a ratio real follower lists stay under and gzip bombs do not.
   */
  inflatedBytes?: number;
  /** Most followers in one page of GET /audits/{id}/followers. */
  followerPageSize: number;
}

export const DEFAULT_LIMITS: AppLimits = {
  uploadBytes: 256 * 1024 * 1024,
  jsonBytes: 16 * 1024 * 1024,
  followerPageSize: 1000,
};

export interface AppOptions {
  store: Store;
  /** Audit jobs; by default an in-process queue working one shard at a time in this process. */
  jobs?: AuditJobService;
  /** Fetch jobs; by default on the audit jobs' queue, worked in this process under its own rate slots. */
  fetches?: FetchJobService;
  /** Bundled models by default, each loaded once. */
  models?: ModelLoader;
  limits?: Partial<AppLimits>;
  /** Where failures the client cannot fix are told (stderr by default). */
  log?: (line: string) => void;
  /** Where hits on `/r/<slug>` are queued; made when not given (give one to flush it on shutdown). */
  hits?: HitRecorder;
  /**
   * Behind a proxy you run (TLS-terminating): take client addresses from X-Forwarded-For (throttling, click
   * verdicts) and https from X-Forwarded-Proto (Secure cookies). Off by default: a client could claim any address.
   */
  trustProxy?: boolean;
  /** Live secrets of the signed conversion webhook, newest first; none: the webhook refuses everything. */
  webhookSecrets?: string[];
  /** How long a dashboard sign-in lasts (12 hours by default). */
  sessionLifetimeMs?: number;
  /** Counts failed sign-ins and refused tokens per client (10 a minute by default). */
  throttle?: FailureThrottle;
}

export const DEFAULT_SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** The options with every default filled in, as the routes use them. */
export interface AppContext {
  store: Store;
  jobs: AuditJobService;
  fetches: FetchJobService;
  /** Who submits in this request (the API token's name): each owner's open jobs are capped. */
  owner?: string;
  models: ModelLoader;
  limits: AppLimits;
  log: (line: string) => void;
  hits: HitRecorder;
  trustProxy: boolean;
  webhookSecrets: string[];
  sessionLifetimeMs: number;
  throttle: FailureThrottle;
}

/** The bundled models, each read and built on first use and kept. */
export function cachedBundledModels(): ModelLoader {
  const loaded = new Map<BundledModelName, Promise<Detector>>();
  return (name) => {
    let detector = loaded.get(name);
    if (detector === undefined) {
      detector = loadDetector(name);
      loaded.set(name, detector);
      detector.catch(() => loaded.delete(name));
    }
    return detector;
  };
}

export function resolveAppOptions(options: AppOptions): AppContext {
  const models = options.models ?? cachedBundledModels();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const jobs =
    options.jobs ??
    new AuditJobService({
      store: options.store,
      queue: new InProcessQueue(log),
      detector: (name) => models(name as BundledModelName),
      workOnSubmit: 1,
      sweepIntervalMs: 0,
      log,
    });
  return {
    store: options.store,
    jobs,
    fetches:
      options.fetches ??
      new FetchJobService({
        store: options.store,
        queue: jobs.queue,
        slots: new InProcessRateSlots(),
        audits: jobs,
        workOnSubmit: 1,
        sweepIntervalMs: 0,
        log,
      }),
    models,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    log,
    hits: options.hits ?? new HitRecorder(options.store.value, { log: options.log }),
    trustProxy: options.trustProxy ?? false,
    webhookSecrets: options.webhookSecrets ?? [],
    sessionLifetimeMs: options.sessionLifetimeMs ?? DEFAULT_SESSION_LIFETIME_MS,
    throttle: options.throttle ?? new FailureThrottle(),
  };
}
