// The Kaggle "Instagram fake spammer genuine accounts" CSV (train.csv / test.csv): derived profile facts and a `fake` label.
// Column names: kaggle.com/datasets/free4ever1/instagram-fake-spammer-genuine-accounts

import type { Label } from '../../core/account.ts';
import { readCount, readFlag, readNumber } from '../fields.ts';
import type { CsvFormat, MappedRecord, RecordContext } from '../format.ts';

/** The dataset's header, in its order. */
export const KAGGLE_INSTAGRAM_COLUMNS = [
  'profile pic',
  'nums/length username',
  'fullname words',
  'nums/length fullname',
  'name==username',
  'description length',
  'external URL',
  'private',
  '#posts',
  '#followers',
  '#follows',
  'fake',
] as const;

function readFakeLabel(value: string | undefined): Label | undefined {
  const fake = readFlag(value, 'fake');
  return fake === undefined ? undefined : fake ? 'fake' : 'human';
}

export function mapKaggleInstagramRow(
  row: Readonly<Record<string, string>>,
  context: RecordContext,
): MappedRecord {
  const profilePic = readFlag(row['profile pic'], 'profile pic');
  const label = readFakeLabel(row.fake);
  const account = {
    platform: 'instagram' as const,
    // the rows carry no ids: the line is one
    id: `${context.file}:${context.line}`,
    followersCount: readCount(row['#followers'], '#followers'),
    followingCount: readCount(row['#follows'], '#follows'),
    postsCount: readCount(row['#posts'], '#posts'),
    hasDefaultAvatar: profilePic === undefined ? undefined : !profilePic,
    isPrivate: readFlag(row.private, 'private'),
    bioLength: readCount(row['description length'], 'description length'),
    handleDigitRatio: readNumber(row['nums/length username'], 'nums/length username', 0, 1),
    displayNameWords: readCount(row['fullname words'], 'fullname words'),
    displayNameDigitRatio: readNumber(row['nums/length fullname'], 'nums/length fullname', 0, 1),
    displayNameEqualsHandle: readFlag(row['name==username'], 'name==username'),
    hasUrl: readFlag(row['external URL'], 'external URL'),
  };
  return label === undefined ? { account } : { account, label };
}

export const kaggleInstagram: CsvFormat = {
  name: 'kaggle-instagram',
  title: 'Kaggle "Instagram fake spammer genuine accounts" CSV',
  platform: 'instagram',
  reference: 'https://www.kaggle.com/datasets/free4ever1/instagram-fake-spammer-genuine-accounts',
  framing: 'csv',
  detect(firstRow) {
    const columns = new Set(firstRow.map((cell) => cell.trim()));
    return KAGGLE_INSTAGRAM_COLUMNS.every((column) => columns.has(column))
      ? { columns: firstRow.map((cell) => cell.trim()), hasHeader: true }
      : undefined;
  },
  map(row, context) {
    return mapKaggleInstagramRow(row, context);
  },
};
