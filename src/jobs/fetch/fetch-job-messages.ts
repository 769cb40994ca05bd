// The queues fetch jobs use, their step message (a job and the page it starts at), and its retry/expiry settings — set explicitly, from the environment when given.
import type { SendOptions } from '../queue/job-queue.ts';
import { messageId } from '../queue/message-id.ts';

export const FETCH_QUEUE = 'fetch-step';
/** Steps whose every attempt failed or expired. */
export const FETCH_DEAD_LETTER_QUEUE = 'fetch-dead-letter';

/** One step of a fetch: up to `pagesPerStep` pages from page number `page`. */
export interface FetchStepMessage {
  jobId: number;
  page: number;
}

export interface FetchStepSettings {
  /** Pages one step reads before handing the fetch back to the queue (any worker may take the next step). */
  pagesPerStep: number;
  retryLimit: number;
  retryDelaySeconds: number;
  /** A step not finished within this time counts as its worker dead, and is retried from the last saved page. */
  expireInSeconds: number;
}

export const DEFAULT_FETCH_STEP: FetchStepSettings = {
  pagesPerStep: 10,
  retryLimit: 4,
  retryDelaySeconds: 5,
  // Ten pages at Mastodon's published pace (one a second) with room for rate-limit pauses; X's 15 per 15 min
  // makes a step of ten pages take ten minutes, so its steps get longer (fetchStepExpiry).
  expireInSeconds: 900,
};

/** REALREACH_FETCH_PAGES_PER_STEP, REALREACH_FETCH_EXPIRE_SECONDS, REALREACH_FETCH_RETRY_DELAY_SECONDS over the defaults. */
export function fetchStepFromEnv(env: NodeJS.ProcessEnv = process.env): FetchStepSettings {
  const read = (name: string, fallback: number) => {
    const value = env[name];
    const n = Number(value);
    return value === undefined || value === '' || !(Number.isFinite(n) && n >= 0) ? fallback : n;
  };
  return {
    pagesPerStep: Math.max(
      1,
      Math.floor(read('REALREACH_FETCH_PAGES_PER_STEP', DEFAULT_FETCH_STEP.pagesPerStep)),
    ),
    retryLimit: read('REALREACH_FETCH_RETRY_LIMIT', DEFAULT_FETCH_STEP.retryLimit),
    retryDelaySeconds: read('REALREACH_FETCH_RETRY_DELAY_SECONDS', DEFAULT_FETCH_STEP.retryDelaySeconds),
    expireInSeconds: read('REALREACH_FETCH_EXPIRE_SECONDS', DEFAULT_FETCH_STEP.expireInSeconds),
  };
}

/** One id per (job, first page): the same step sent twice — by a sweep, by a retried step — is kept once. */
export function fetchStepSendOptions(message: FetchStepMessage, settings: FetchStepSettings): SendOptions {
  return {
    id: messageId(`${FETCH_QUEUE}:${message.jobId}:${message.page}`),
    retryLimit: settings.retryLimit,
    retryDelaySeconds: settings.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: settings.expireInSeconds,
    deadLetter: FETCH_DEAD_LETTER_QUEUE,
  };
}
