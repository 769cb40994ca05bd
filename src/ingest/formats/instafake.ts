// InstaFake (Akyon & Kalfaoglu 2019) Instagram records: the fake-v1.0 and automated-v1.0 JSON arrays, with their labels.
// Field names: github.com/fcakyon/instafake-dataset, data/fake-v1.0/*.json and data/automated-v1.0/*.json

import type { Label } from '../../core/account.ts';
import { asRecord, readCount, readFlag } from '../fields.ts';
import type { JsonFormat, MappedRecord, RecordContext } from '../format.ts';

/** fake-v1.0 labels fakes (`isFake`); automated-v1.0 labels automated accounts (`automatedBehaviour`). */
function readInstaFakeLabel(record: Record<string, unknown>): Label | undefined {
  const fake = readFlag(record.isFake, 'isFake');
  if (fake !== undefined) return fake ? 'fake' : 'human';
  const automated = readFlag(record.automatedBehaviour, 'automatedBehaviour');
  if (automated !== undefined) return automated ? 'bot' : 'human';
  return undefined;
}

/** The records carry no ids: their place in the file is one, stable as long as the file is. */
function positionId(context: RecordContext): string {
  return context.index === undefined ? `${context.file}:${context.line}` : `${context.file}#${context.index}`;
}

export function mapInstaFakeRecord(record: Record<string, unknown>, context: RecordContext): MappedRecord {
  const profilePic = readFlag(record.userHasProfilPic, 'userHasProfilPic');
  const label = readInstaFakeLabel(record);
  const account = {
    platform: 'instagram' as const,
    id: positionId(context),
    followersCount: readCount(record.userFollowerCount, 'userFollowerCount'),
    followingCount: readCount(record.userFollowingCount, 'userFollowingCount'),
    postsCount: readCount(record.userMediaCount, 'userMediaCount'),
    hasDefaultAvatar: profilePic === undefined ? undefined : !profilePic,
    isPrivate: readFlag(record.userIsPrivate, 'userIsPrivate'),
    bioLength: readCount(record.userBiographyLength, 'userBiographyLength'),
    handleLength: readCount(record.usernameLength, 'usernameLength'),
    handleDigits: readCount(record.usernameDigitCount, 'usernameDigitCount'),
    hasUrl: readFlag(record.userHasExternalUrl, 'userHasExternalUrl'),
  };
  return label === undefined ? { account } : { account, label };
}

export const instafake: JsonFormat = {
  name: 'instafake',
  title: 'InstaFake Instagram records (fake-v1.0 and automated-v1.0 JSON)',
  platform: 'instagram',
  reference: 'https://github.com/fcakyon/instafake-dataset',
  framing: 'json',
  detect(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    return 'userFollowerCount' in value && 'userFollowingCount' in value && 'usernameLength' in value;
  },
  map(record, context) {
    return mapInstaFakeRecord(asRecord(record), context);
  },
};
