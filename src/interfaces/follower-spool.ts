// Saves an audit with every follower's result in constant memory: results are spooled to a temporary JSONL file while the audit runs, then streamed into one store transaction.
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import type { AuditReport, FollowerResult } from '../audit/report-schema.ts';
import type { Account } from '../core/account.ts';
import { followerCountOf } from '../core/snapshot.ts';
import type { Store } from '../store/store.ts';
import { makeUploadDir } from './upload-dir.ts';

export class FollowerSpool {
  readonly #dir: string;
  readonly #path: string;
  readonly #output: WriteStream;
  #pending: string[] = [];
  /** A failed write (a full disk), told at the next flush instead of crashing the server. */
  #failure: Error | undefined;

  private constructor(dir: string) {
    this.#dir = dir;
    this.#path = join(dir, 'followers.jsonl');
    this.#output = createWriteStream(this.#path);
    this.#output.on('error', (error) => {
      this.#failure ??= error;
    });
  }

  static async create(parent?: string): Promise<FollowerSpool> {
    return new FollowerSpool(await makeUploadDir(parent));
  }

  add(follower: FollowerResult): void {
    this.#pending.push(`${JSON.stringify(follower)}\n`);
  }

  /** Writes what was added since the last flush; awaiting it holds the audit back while the disk catches up. */
  async flush(): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (this.#pending.length === 0) return;
    const text = this.#pending.join('');
    this.#pending = [];
    if (!this.#output.write(text)) await once(this.#output, 'drain');
  }

  /** Closes the file for writing; call once, before reading. */
  async finish(): Promise<void> {
    await this.flush();
    this.#output.end();
    await finished(this.#output);
  }

  /** The followers in the order they were added. */
  async *followers(): AsyncGenerator<FollowerResult> {
    const lines = createInterface({
      input: createReadStream(this.#path),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) yield JSON.parse(line) as FollowerResult;
  }

  /** Deletes the file, whether the audit was saved or failed half-way. */
  async remove(): Promise<void> {
    if (!this.#output.closed) {
      this.#output.destroy();
      await once(this.#output, 'close');
    }
    await rm(this.#dir, { recursive: true, force: true });
  }
}

/** Same platform, id and place in the input: the same follower. */
function followerKey(follower: FollowerResult): string {
  return `${follower.platform}\u0000${follower.id}\u0000${follower.source}`;
}

/** The spooled followers, with the reasons of those the audit explained (the most suspicious). */
async function* withReasons(
  followers: AsyncIterable<FollowerResult>,
  explained: readonly FollowerResult[],
): AsyncGenerator<FollowerResult> {
  const byKey = new Map(explained.map((follower) => [followerKey(follower), follower]));
  for await (const follower of followers) {
    const known = follower.reasons.length === 0 ? byKey.get(followerKey(follower)) : undefined;
    yield known === undefined ? follower : { ...follower, reasons: known.reasons };
  }
}

/**
 * Saves the report with every spooled follower (the explained ones with their reasons) and the profile's follower
 * count as a snapshot of its history, all in one transaction. Returns the audit's id.
 */
export async function saveSpooledAudit(
  store: Store,
  report: AuditReport,
  spool: FollowerSpool,
  explained: readonly FollowerResult[],
  profile: Account | undefined,
): Promise<number> {
  await spool.finish();
  const snapshot = followerCountOf(profile, 'audit');
  return store.saveAudit(report, withReasons(spool.followers(), explained), snapshot && { snapshot });
}
