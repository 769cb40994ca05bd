// The JobQueue interface: send a message with retry and expiry settings, work a queue with a handler; in-process and pg-boss implement it.

/** One delivery of a message to a handler. */
export interface QueueMessage<T> {
  id: string;
  data: T;
  /** Retries before this delivery (0 on the first). */
  retryCount: number;
  retryLimit: number;
  /** On a dead letter: why the message's last attempt failed (its error, or that it expired). */
  error?: string;
}

export interface SendOptions {
  /** A UUID: a message sent again with the same id is kept once. */
  id: string;
  retryLimit: number;
  retryDelaySeconds: number;
  /** Each retry waits twice as long as the one before. */
  retryBackoff: boolean;
  /** A delivery not finished within this time counts as failed (a worker that died) and is retried. */
  expireInSeconds: number;
  /**
   * A queue that gets the message (its data, `retryLimit` and last `error`) once its last attempt failed — by a
   * throw, or by expiring because its worker died: the dead letters. Without it an exhausted message is dropped.
   */
  deadLetter?: string;
  /** Delivered no sooner than this many seconds from now: the next round of a recurring job. */
  startAfterSeconds?: number;
}

export type MessageHandler<T> = (message: QueueMessage<T>) => Promise<void>;

export interface JobQueue {
  /** Which implementation: `in-process` or `pg-boss`. */
  readonly kind: string;
  start(): Promise<void>;
  send<T extends object>(queue: string, data: T, options: SendOptions): Promise<void>;
  /** Delivers the queue's messages to `handler`, up to `concurrency` at a time; a throw is a failed delivery. */
  work<T extends object>(
    queue: string,
    options: { concurrency: number },
    handler: MessageHandler<T>,
  ): Promise<void>;
  /** Drops a message not yet delivered (a running delivery finishes). */
  cancel(queue: string, id: string): Promise<void>;
  /** Stops taking messages and waits for running deliveries. */
  stop(): Promise<void>;
}
