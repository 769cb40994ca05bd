// Picks the most suspicious followers to show: the report's own list and the followers passed in, highest p(fake) first.
import type { AuditReport, FollowerResult } from '../../audit/report-schema.ts';

/** The `limit` followers with the highest p(fake), each once (by platform and id), ties in the order given. */
export function mostSuspiciousFollowers(
  report: AuditReport,
  followers: FollowerResult[],
  limit: number,
): FollowerResult[] {
  const unique = new Map<string, FollowerResult>();
  for (const follower of [...report.mostSuspicious, ...followers]) {
    const key = `${follower.platform}:${follower.id}`;
    if (!unique.has(key)) unique.set(key, follower);
  }
  return [...unique.values()].sort((a, b) => b.pFake - a.pFake).slice(0, limit);
}
