// The queues audit jobs use, their messages, and each message's id and retry/expiry settings — set explicitly, never pg-boss's defaults.
import type { SendOptions } from '../queue/job-queue.ts';
import { messageId } from '../queue/message-id.ts';

export const SHARD_QUEUE = 'audit-shard';
export const FINISH_QUEUE = 'audit-finish';
/** Shard and merge messages whose every attempt failed or expired (a worker that died on the last one). */
export const DEAD_LETTER_QUEUE = 'audit-dead-letter';

export interface ShardMessage {
  jobId: number;
  shard: number;
}

export interface FinishMessage {
  jobId: number;
}

/** Retry and expiry of deliveries; tests shorten the expiry to see a killed worker's shard retried quickly. */
export interface DeliverySettings {
  retryLimit: number;
  retryDelaySeconds: number;
  expireInSeconds: number;
}

export const DEFAULT_DELIVERY: DeliverySettings = {
  retryLimit: 4,
  retryDelaySeconds: 5,
  // A shard of 25,000 followers takes well under a minute on one core; ten minutes leaves room for a loaded machine.
  expireInSeconds: 600,
};

/** Settings from the environment (REALREACH_SHARD_EXPIRE_SECONDS, REALREACH_SHARD_RETRY_DELAY_SECONDS) over the defaults. */
export function deliveryFromEnv(env: NodeJS.ProcessEnv = process.env): DeliverySettings {
  const read = (name: string, fallback: number) => {
    const value = env[name];
    return value === undefined || value === '' || !Number.isFinite(Number(value)) ? fallback : Number(value);
  };
  return {
    retryLimit: read('REALREACH_SHARD_RETRY_LIMIT', DEFAULT_DELIVERY.retryLimit),
    retryDelaySeconds: read('REALREACH_SHARD_RETRY_DELAY_SECONDS', DEFAULT_DELIVERY.retryDelaySeconds),
    expireInSeconds: read('REALREACH_SHARD_EXPIRE_SECONDS', DEFAULT_DELIVERY.expireInSeconds),
  };
}

export const shardMessageId = (message: ShardMessage) =>
  messageId(`${SHARD_QUEUE}:${message.jobId}:${message.shard}`);

export function shardSendOptions(message: ShardMessage, delivery: DeliverySettings): SendOptions {
  return {
    id: shardMessageId(message),
    retryLimit: delivery.retryLimit,
    retryDelaySeconds: delivery.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: delivery.expireInSeconds,
    deadLetter: DEAD_LETTER_QUEUE,
  };
}

export function finishSendOptions(message: FinishMessage, delivery: DeliverySettings): SendOptions {
  return {
    id: messageId(`${FINISH_QUEUE}:${message.jobId}`),
    retryLimit: delivery.retryLimit,
    retryDelaySeconds: delivery.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: delivery.expireInSeconds,
    deadLetter: DEAD_LETTER_QUEUE,
  };
}
