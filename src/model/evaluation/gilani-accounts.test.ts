import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_FEATURES } from '../../features/index.ts';
import { GILANI_FEATURES, gilaniAccounts, parseGilaniCsv } from './gilani-accounts.ts';

const HEADER =
  'screen_name,user_tweeted,user_retweeted,user_favourited,user_replied,likes_per_tweet,retweets_per_tweet,lists_per_user,follower_friend_ratio,tweet_frequency,favourite_tweet_ratio,age_of_account_in_days,sources_count,urls_count,cdn_content_in_kb,source_identity';
const row = (name: string, age: number) =>
  `${name}, 6, 14, 4694.95, 16, 0.0, 0.0, 0.0157, 1.35, 65.14, 0.0, ${age}, 1, 14, 2.76,[2;0]`;

describe('gilani-2017 accounts', () => {
  it('keep the handle and the age, and nothing the aggregates cannot say', () => {
    const rows = parseGilaniCsv([HEADER, row('spam4ever99', 100.5), ''].join('\n'), 'bots.1k.csv', 'bot');
    const { accounts, labels } = gilaniAccounts(rows);
    const [account] = accounts;
    assert.ok(account);
    assert.deepEqual(labels, ['bot']);
    assert.equal(account.handle, 'spam4ever99');
    assert.equal(account.followersCount, undefined);
    assert.equal(account.postsCount, undefined);
    assert.equal(
      ((account.observedAt as Date).getTime() - (account.createdAt as Date).getTime()) / 86_400_000,
      100.5,
    );
    const values = ALL_FEATURES.extract(account);
    const known = ALL_FEATURES.names.filter((_, i) => !Number.isNaN(values[i]));
    for (const name of known) assert.ok(GILANI_FEATURES.includes(name), `${name} is known but not listed`);
    for (const name of GILANI_FEATURES) assert.ok(known.includes(name), `${name} is listed but not known`);
  });

  it('drop screen names labelled both bot and human, and repeated rows', () => {
    const rows = [
      ...parseGilaniCsv([HEADER, row('both', 10), row('bot', 10), row('bot', 10)].join('\n'), 'b.csv', 'bot'),
      ...parseGilaniCsv([HEADER, row('both', 10), row('human', 10)].join('\n'), 'h.csv', 'human'),
    ];
    const result = gilaniAccounts(rows);
    assert.deepEqual(result.conflicting, ['both']);
    assert.deepEqual(
      result.accounts.map((account) => account.handle),
      ['bot', 'human'],
    );
    assert.deepEqual(result.labels, ['bot', 'human']);
  });

  it('refuse a row without an age', () => {
    assert.throws(
      () => parseGilaniCsv([HEADER, row('x', Number.NaN)].join('\n'), 'b.csv', 'bot'),
      /b\.csv:2/,
    );
  });
});
