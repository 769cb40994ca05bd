// Reads every shared labelled X dataset through the real readers: nothing rejected, the documented counts and labels, capture times from the export.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Label } from '../src/core/account.ts';
import { openAccountReader } from '../src/ingest/read.ts';
import { describe, it } from './skippable-tests.ts';

const repoRoot = resolve(import.meta.dirname, '..');
const DATASETS = resolve(repoRoot, '..', 'shared', 'datasets');

interface DatasetCase {
  file: string;
  format: string;
  labels: Partial<Record<Label, number>>;
  /** The first and last capture day the export gives (its SOURCE.md), or `none` when it gives no capture time. */
  observed: readonly [string, string] | 'none';
}

/** Counts and time ranges as stated in each folder's SOURCE.md. */
const CASES: readonly DatasetCase[] = [
  {
    file: 'cresci-2015/E13/users.csv',
    format: 'mib',
    labels: { human: 1185 },
    observed: ['2015-02-14', '2015-02-14'],
  },
  {
    file: 'cresci-2015/INT/users.csv',
    format: 'mib',
    labels: { fake: 1070 },
    observed: ['2015-02-14', '2015-02-14'],
  },
  {
    file: 'cresci-2017/genuine_accounts/users_noheader.csv',
    format: 'mib',
    labels: { human: 3474 },
    observed: ['2015-05-01', '2015-05-02'],
  },
  {
    file: 'cresci-2017/traditional_spambots_1/users.csv',
    format: 'mib',
    labels: { bot: 1000 },
    observed: ['2010-11-07', '2010-11-07'],
  },
  {
    file: 'botrepo/cresci-stock-2018/cresci-stock-2018_tweets.json',
    format: 'botrepo',
    labels: { human: 6174, bot: 7102 },
    observed: ['2010-01-18', '2019-05-19'],
  },
  {
    file: 'botrepo/pronbots-2019/pronbots-2019_tweets.sample5000.json',
    format: 'botrepo',
    labels: { bot: 5000 },
    observed: ['2014-06-14', '2018-03-17'],
  },
  {
    file: 'botrepo/botwiki-2019/botwiki-2019_tweets.json',
    format: 'botrepo',
    labels: { bot: 698 },
    observed: ['2015-08-18', '2019-06-05'],
  },
  {
    file: 'botrepo/political-bots-2019/political-bots-2019_tweets.json',
    format: 'botrepo',
    labels: { bot: 62 },
    observed: ['2017-07-08', '2018-04-20'],
  },
  {
    file: 'botrepo/verified-2019/verified-2019_tweets.json',
    format: 'botrepo',
    labels: { human: 1987 },
    observed: ['2018-11-06', '2019-06-06'],
  },
  {
    file: 'botrepo/twibot-22-sample1000/user_sample.json',
    format: 'x-v2',
    labels: { human: 854, bot: 146 },
    observed: 'none',
  },
];

const absent = existsSync(DATASETS)
  ? false
  : `${DATASETS} absent: the shared datasets are not on this machine`;

describe('shared X datasets', { skip: absent }, () => {
  for (const { file, format, labels, observed } of CASES) {
    it(`${file}: ${format}, ${JSON.stringify(labels)}, nothing rejected`, async () => {
      const reader = await openAccountReader(join(DATASETS, file));
      assert.equal(reader.format.name, format);
      const counted: Partial<Record<Label, number>> = {};
      const rejected: string[] = [];
      const observedTimes = new Set<number>();
      let unlabelled = 0;
      let fromFileTime = 0;
      for await (const item of reader) {
        if (!item.ok) {
          rejected.push(JSON.stringify(item.error));
          continue;
        }
        if (item.label === undefined) unlabelled++;
        else counted[item.label] = (counted[item.label] ?? 0) + 1;
        const time = item.account.observedAt?.getTime();
        assert.ok(time !== undefined);
        observedTimes.add(time);
        if (time === reader.defaultObservedAt.getTime()) fromFileTime++;
      }
      assert.deepEqual(rejected.slice(0, 5), []);
      assert.deepEqual(counted, labels);
      assert.equal(unlabelled, 0);
      const total = Object.values(labels).reduce((sum, n) => sum + n, 0);
      if (observed === 'none') {
        // the sample carries no capture time: every account gets the file's, and says so by being equal to it
        assert.equal(fromFileTime, total);
        return;
      }
      assert.equal(
        fromFileTime,
        0,
        'no account falls back to the file time when the export has a capture time',
      );
      const days = [...observedTimes]
        .sort((a, b) => a - b)
        .map((t) => new Date(t).toISOString().slice(0, 10));
      assert.deepEqual([days[0], days.at(-1)], [...observed]);
    });
  }
});
