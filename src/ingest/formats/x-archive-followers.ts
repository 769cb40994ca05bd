// X's archive follower.js ("Download an archive of your data"): `window.YTD.follower.part0 = [{"follower": {"accountId", "userLink"}}]` — ids only.
// Shape: https://help.x.com/en/managing-your-account/how-to-download-your-x-archive (data/follower.js; large
// archives split it into follower-part1.js, …). The reader strips the `window.YTD.… =` assignment before the array.

import { FieldError } from '../../core/errors.ts';
import { asRecord, readId } from '../fields.ts';
import type { JsonFormat } from '../format.ts';

export const xArchiveFollowers: JsonFormat = {
  name: 'x-archive',
  title: "X archive's follower.js (account ids only)",
  platform: 'x',
  reference: 'https://help.x.com/en/managing-your-account/how-to-download-your-x-archive',
  framing: 'json',
  holds: 'ids',
  detect(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const follower = (value as Record<string, unknown>).follower;
    return typeof follower === 'object' && follower !== null && 'accountId' in follower;
  },
  map(record) {
    const follower = asRecord(record).follower;
    if (typeof follower !== 'object' || follower === null)
      throw new FieldError('follower', 'expected an object with accountId');
    return { account: { platform: 'x', id: readId(asRecord(follower).accountId, 'follower.accountId') } };
  },
};
