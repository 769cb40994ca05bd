// Scores a follower list in one streaming pass and draws its review sample (`realreach review`).
import type { Account, Platform } from '../../core/account.ts';
import { formatRecordError, noFollowerRead, type RecordError } from '../../core/errors.ts';
import { DuplicateAccounts } from '../../ingest/duplicates/duplicate-accounts.ts';
import type { Detector } from '../../model/detector.ts';
import type { FollowerSource } from '../audit-followers.ts';
import { type ReviewSample, ReviewSampler } from './review-sample.ts';

export interface DrawReviewOptions {
  detectorFor(platform: Platform): Promise<Detector>;
  size: number;
  seed: number;
  onRejected?(error: RecordError): void;
}

export interface DrawnReview extends ReviewSample<Account> {
  model: string;
  read: number;
  rejected: number;
  /** Records repeating an earlier follower (same platform and id): drawn from once, as the audit counts them once. */
  duplicates: number;
}

export async function drawReview(source: FollowerSource, options: DrawReviewOptions): Promise<DrawnReview> {
  const sampler = new ReviewSampler<Account>(options.size, options.seed);
  let detector: Detector | undefined;
  let read = 0;
  let rejected = 0;
  let firstRejected: string | undefined;
  let matrix = new Float64Array(0);
  let margins = new Float64Array(0);
  const seen = new DuplicateAccounts();
  try {
    for await (const batch of source.batches()) {
      const accounts: Account[] = [];
      for (const item of batch) {
        read++;
        if (item.ok) {
          if (!seen.repeats(item.account)) accounts.push(item.account);
        } else {
          rejected++;
          firstRejected ??= formatRecordError(item.error);
          options.onRejected?.(item.error);
        }
      }
      if (accounts.length === 0) continue;
      detector ??= await options.detectorFor((accounts[0] as Account).platform);
      const width = detector.featureSet.names.length;
      if (matrix.length < accounts.length * width) {
        matrix = new Float64Array(accounts.length * width);
        margins = new Float64Array(accounts.length);
      }
      accounts.forEach((account, i) => {
        detector?.featureSet.extract(account, matrix, i * width);
      });
      const probabilities = detector.scoreRows(
        matrix.subarray(0, accounts.length * width),
        margins.subarray(0, accounts.length),
      );
      accounts.forEach((account, i) => {
        sampler.offer(account.id, account, probabilities[i] as number);
      });
    }
  } finally {
    seen.close();
  }
  if (!detector) throw noFollowerRead(source.input.display, rejected, firstRejected);
  return { ...sampler.draw(), model: detector.model.name, read, rejected, duplicates: seen.duplicates };
}
