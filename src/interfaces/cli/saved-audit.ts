// Saves an audit from the CLI in constant memory: follower rows are spooled to a temporary JSONL file while the audit streams, then read back into one store transaction.
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { AuditReport, FollowerResult } from '../../audit/report-schema.ts';
import type { Account } from '../../core/account.ts';
import type { Store } from '../../store/store.ts';

export class FollowerSpool {
  readonly #dir = mkdtempSync(join(tmpdir(), 'realreach-save-'));
  readonly #path = join(this.#dir, 'followers.jsonl');
  readonly #out = createWriteStream(this.#path);
  #pending: string[] = [];

  add(result: FollowerResult): void {
    this.#pending.push(`${JSON.stringify(result)}\n`);
  }

  /** Writes what was added since the last flush, waiting when the disk is slower than the audit. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const text = this.#pending.join('');
    this.#pending = [];
    if (!this.#out.write(text)) await once(this.#out, 'drain');
  }

  /** The spooled rows, with the explained versions (reasons) of the followers the report explained. */
  async *followers(explained: readonly FollowerResult[]): AsyncGenerator<FollowerResult> {
    await this.flush();
    this.#out.end();
    await once(this.#out, 'finish');
    const bySource = new Map(explained.map((result) => [result.source, result]));
    const lines = createInterface({
      input: createReadStream(this.#path),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) {
      const result = JSON.parse(line) as FollowerResult;
      yield bySource.get(result.source) ?? result;
    }
  }

  remove(): void {
    this.#out.destroy();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/**
 * Saves the report with every spooled follower in one transaction, and the profile's follower count as a
 * snapshot of its history. Returns the audit's id.
 */
export async function saveAudit(
  store: Store,
  report: AuditReport,
  spool: FollowerSpool,
  explained: readonly FollowerResult[],
  profile: Account | undefined,
): Promise<number> {
  const id = await store.saveAudit(report, spool.followers(explained));
  if (profile?.followersCount !== undefined) {
    await store.addSnapshot({
      platform: profile.platform,
      profileId: profile.id,
      handle: profile.handle,
      observedAt: profile.observedAt ?? new Date(),
      followersCount: profile.followersCount,
      followingCount: profile.followingCount,
      postsCount: profile.postsCount,
      source: `audit --profile ${profile.source.file}`,
    });
  }
  return id;
}
