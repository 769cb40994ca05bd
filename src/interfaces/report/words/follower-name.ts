// How a report names a follower to a reader: "@handle", or its id when the source gave no handle.
import type { FollowerResult } from '../../../audit/report-schema.ts';

export function followerName(follower: Pick<FollowerResult, 'handle' | 'id'>): string {
  return follower.handle === null ? `id ${follower.id}` : `@${follower.handle}`;
}
