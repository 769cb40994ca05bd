// The Bot Repository's `<name>_tweets*.json`: `{created_at, user}` pairs (tweet time, X v1.1 user), labelled by `<name>.tsv`.
// Format: https://botometer.osome.iu.edu/bot-repository/datasets.html; user fields as in x-v1.ts.

import { basename } from 'node:path';
import { FieldError } from '../../core/errors.ts';
import { describeLabelTable, findFileBeside, readLabelTable } from '../companion-files/label-files.ts';
import { asRecord, readObject, readTime } from '../fields.ts';
import type { JsonFormat } from '../format.ts';
import { mapXV1User, xV1Json } from './x-v1.ts';

const TWEETS_FILE = /^(.+?)_tweets.*\.json(\.gz)?$/i;

export const botRepositoryJson: JsonFormat = {
  name: 'botrepo',
  title: 'Bot Repository {created_at, user} arrays with the <name>.tsv labels beside them',
  platform: 'x',
  reference: 'https://botometer.osome.iu.edu/bot-repository/datasets.html',
  framing: 'json',
  detect(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const { created_at, user } = value as Record<string, unknown>;
    return typeof created_at === 'string' && xV1Json.detect(user);
  },
  map(record, context) {
    const pair = asRecord(record);
    const user = readObject(pair.user, 'user');
    if (user === undefined) throw new FieldError('user', 'missing (the user object is required)');
    const account = mapXV1User(user, false, 'user.');
    // the time of the tweet that carried the profile: the best capture time the repository gives
    account.observedAt = readTime(pair.created_at, 'created_at');
    if (account.observedAt === undefined) {
      throw new FieldError('created_at', 'missing (the time the profile was captured is required)');
    }
    const label = context.labels?.get(account.id);
    return label === undefined ? { account } : { account, label };
  },
  async prepare(input) {
    if (input.path === undefined) return {};
    const name = TWEETS_FILE.exec(basename(input.path))?.[1];
    if (name === undefined) {
      return {
        notes: ['no labels: the file is not named <name>_tweets*.json, so its <name>.tsv is unknown'],
      };
    }
    const file = await findFileBeside(input.path, [`${name}.tsv`]);
    if (file === undefined) return { notes: [`no labels: ${name}.tsv is not beside the input`] };
    const table = await readLabelTable(file, { delimiter: '\t', hasHeader: false });
    return { labels: table.labels, notes: describeLabelTable(table, file) };
  },
};
