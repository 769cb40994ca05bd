// The PostgreSQL the tests use, and whether it answers: without one its tests skip with a message saying so (CI requires one).
import pg from 'pg';

/** The local server CI starts (trust authentication); REALREACH_TEST_DATABASE_URL points elsewhere. */
export const POSTGRES_URL =
  process.env.REALREACH_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function answers(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const failure = await answers(POSTGRES_URL);
if (failure !== undefined && process.env.REALREACH_REQUIRE_POSTGRES === '1')
  throw new Error(`REALREACH_REQUIRE_POSTGRES=1 but no PostgreSQL answers at ${POSTGRES_URL}: ${failure}`);

/**
 * false when the server answers, else the reason the PostgreSQL tests skip: pass it as `{ skip }` to describe/it.
 * CI sets REALREACH_REQUIRE_POSTGRES=1, which makes a missing server a failure instead.
 */
export const postgresSkip: string | false =
  failure === undefined
    ? false
    : `no PostgreSQL answers at ${POSTGRES_URL} (${failure}): start one, or set REALREACH_TEST_DATABASE_URL; .ci/run starts one`;
