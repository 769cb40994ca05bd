// Recognises realreach's own output files given where a follower list belongs, and says what each is for instead.

/**
 * What to tell a user whose "follower list" is one of realreach's own CSV outputs, known by its header: the per-follower
 * scores of `audit --format csv` (no profile facts to score by), or a review sample of `realreach review` (labels for
 * `audit --labels`). Undefined for any other header.
 */
export function ownOutputAdvice(header: readonly string[]): string | undefined {
  const has = (...names: string[]) => names.every((name) => header.includes(name));
  if (has('pFake', 'unlikeTraining', 'reason1'))
    return "this is realreach's own per-follower output (audit --format csv: each follower's p(fake), type and reasons), not a follower list: it holds none of the profile facts a follower is scored by. Audit the export it was made from";
  if (has('p_fake', 'stratum', 'label'))
    return 'this is a review sample (realreach review), not a follower list: fill in its label column and give it with the followers it was drawn from: realreach audit FOLLOWERS --labels FILE';
  return undefined;
}
