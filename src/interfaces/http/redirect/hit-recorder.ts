// Records hits on tracked links off the response path: the day's salt, the in-process repeat rule, and a batch writer into the store.
import { randomBytes } from 'node:crypto';
import type { ValueStore } from '../../../store/value-store.ts';
import type { ClickHit } from '../../../value/campaign.ts';
import type { HitReason } from '../../../value/click-verdict.ts';
import { HitBatcher } from '../../../value/hit-batcher.ts';
import { RepeatMemory } from '../../../value/repeat-window.ts';
import { visitorKey } from '../../../value/visitor-key.ts';

export interface HitRecorderOptions {
  maxBatch?: number;
  maxDelayMs?: number;
  log?: (line: string) => void;
}

/** What the redirect knows of a request; the IP goes into the visitor key and nowhere else. */
export interface HitInput {
  linkId: number;
  at: number;
  ip: string;
  userAgent: string;
  referrerHost: string | null;
  method: string;
  reason: Exclude<HitReason, 'repeat'>;
}

/** 12 random bytes, URL-safe: the `rr_click` a shop keeps. Taken from a pool refilled 4 KiB at a time. */
class ClickIds {
  #pool = Buffer.alloc(0);
  #offset = 0;

  next(): string {
    if (this.#offset + 12 > this.#pool.length) {
      this.#pool = randomBytes(4096);
      this.#offset = 0;
    }
    const id = this.#pool.subarray(this.#offset, this.#offset + 12).toString('base64url');
    this.#offset += 12;
    return id;
  }
}

export class HitRecorder {
  readonly #store: ValueStore;
  readonly #batcher: HitBatcher<ClickHit>;
  readonly #repeats = new RepeatMemory();
  readonly #clickIds = new ClickIds();
  readonly #salts = new Map<string, Promise<string>>();
  #known: { day: string; salt: string } | undefined;
  #closed = false;

  constructor(store: ValueStore, options: HitRecorderOptions = {}) {
    this.#store = store;
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    this.#batcher = new HitBatcher<ClickHit>({
      write: (batch) => store.addHits(batch),
      maxBatch: options.maxBatch,
      maxDelayMs: options.maxDelayMs,
      onError: (error) => log(`realreach: hits not written yet, retrying: ${(error as Error).message}`),
    });
  }

  /** The day's salt, asked of the store once a day (whichever machine asks first makes it). */
  async salt(day: string): Promise<string> {
    if (this.#known?.day === day) return this.#known.salt;
    let salt = this.#salts.get(day);
    if (salt === undefined) {
      salt = this.#store.visitorSalt(day);
      this.#salts.clear();
      this.#salts.set(day, salt);
    }
    try {
      const value = await salt;
      this.#known = { day, salt: value };
      return value;
    } catch (error) {
      this.#salts.delete(day);
      throw error;
    }
  }

  /** The salt without waiting, once the day's salt is known. */
  knownSalt(day: string): string | undefined {
    return this.#known?.day === day ? this.#known.salt : undefined;
  }

  /** Judges repeats, queues the hit and returns its click id; the write happens later, in a batch. */
  record(hit: HitInput, salt: string): string {
    if (this.#closed) throw new Error('the hit recorder is closed');
    const key = visitorKey(salt, hit.ip, hit.userAgent);
    const reason: HitReason =
      hit.reason === 'human' && this.#repeats.isRepeat(hit.linkId, key, hit.at) ? 'repeat' : hit.reason;
    const clickId = this.#clickIds.next();
    this.#batcher.add({
      clickId,
      linkId: hit.linkId,
      at: new Date(hit.at),
      visitorKey: key,
      referrerHost: hit.referrerHost,
      method: hit.method,
      reason,
    });
    return clickId;
  }

  get pending(): number {
    return this.#batcher.pending;
  }

  get written(): number {
    return this.#batcher.written;
  }

  flush(): Promise<void> {
    return this.#batcher.flush();
  }

  /** Writes every queued hit; a SIGTERM'd server calls this before it closes the store. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#batcher.close();
  }
}
