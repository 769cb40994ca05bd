// Which store a command opens: options over the environment, PostgreSQL for a URL, else a SQLite file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../core/errors.ts';
import { locateStore, openStore } from './open-store.ts';

const URL = 'postgres://someone@db.example:5432/realreach';

describe('locateStore', () => {
  it('defaults to ./realreach.db, or $REALREACH_DB', () => {
    assert.deepEqual(locateStore({}, {}), { dialect: 'sqlite', path: resolve('realreach.db') });
    assert.deepEqual(locateStore({}, { REALREACH_DB: 'data/audits.db' }), {
      dialect: 'sqlite',
      path: resolve('data/audits.db'),
    });
  });

  it('takes PostgreSQL when DATABASE_URL is set', () => {
    assert.deepEqual(locateStore({}, { DATABASE_URL: URL, REALREACH_DB: 'x.db' }), {
      dialect: 'postgres',
      connectionString: URL,
    });
  });

  it('lets the options win over the environment', () => {
    assert.deepEqual(locateStore({ db: 'flag.db' }, { DATABASE_URL: URL }), {
      dialect: 'sqlite',
      path: resolve('flag.db'),
    });
    assert.deepEqual(locateStore({ db: 'flag.db', databaseUrl: URL }, {}), {
      dialect: 'postgres',
      connectionString: URL,
    });
  });
});

describe('openStore', () => {
  it('makes and migrates a SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'realreach-open-'));
    try {
      const store = await openStore({ db: join(dir, 'new.db') }, {});
      assert.deepEqual(await store.listAudits({ limit: 1 }), []);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with an input error naming the file or server it cannot reach', async () => {
    await assert.rejects(
      openStore({ db: '/nonexistent-dir/realreach.db' }, {}),
      (error: unknown) =>
        error instanceof InputError && error.message.includes('/nonexistent-dir/realreach.db'),
    );
    await assert.rejects(
      openStore({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none' }, {}),
      (error: unknown) => error instanceof InputError && /cannot connect to PostgreSQL/.test(error.message),
    );
  });
});
