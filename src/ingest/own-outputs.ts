// Recognises realreach's own files given where a follower list belongs — its CSV outputs, a follower-count history, a dataset's label file — and says what each is for instead.
import { looksLikeHistoryCsv } from './companion-files/history-csv.ts';

/**
 * What to tell a user whose "follower list" is one of realreach's own CSV outputs, known by its header: the per-follower
 * scores of `audit --format csv` (no profile facts to score by), or a review sample of `realreach review` (labels for
 * `audit --labels`), or a follower-count history (for `growth` and `history --import`). Undefined for any other header.
 */
export function ownOutputAdvice(header: readonly string[]): string | undefined {
  const has = (...names: string[]) => names.every((name) => header.includes(name));
  if (has('pFake', 'unlikeTraining', 'reason1'))
    return "this is realreach's own per-follower output (audit --format csv: each follower's p(fake), type and reasons), not a follower list: it holds none of the profile facts a follower is scored by. Audit the export it was made from";
  if (has('p_fake', 'stratum', 'label'))
    return 'this is a review sample (realreach review), not a follower list: fill in its label column and give it with the followers it was drawn from: realreach audit FOLLOWERS --labels FILE';
  if (header.length === 2 && /^\d+$/.test(header[0] ?? '') && /^(human|bot)$/.test(header[1] ?? ''))
    return 'this is a Bot Repository label file (an account id and its label, human or bot, on each line), not a follower list: give the <name>_tweets.json beside it, which reads its labels from this file';
  if (looksLikeHistoryCsv(header.join(',')))
    return "this is a follower-count history (date,followers), not a follower list: realreach growth FILE finds its spikes, drops and regime changes, and realreach history <platform:id> --import FILE adds it to a stored profile's history";
  return undefined;
}
