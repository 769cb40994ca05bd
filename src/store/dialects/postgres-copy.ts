// COPY … FROM STDIN through Kysely: a pool whose clients run a query given one CopyData parameter as a COPY (pg-copy-streams), on the connection of the transaction it is run in.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';

/**
 * What a `COPY table (columns) FROM STDIN` statement reads: its rows in COPY's text format, a chunk of whole lines at
 * a time, made as the server takes them.
 */
export class CopyData {
  readonly chunks: Iterable<string>;
  constructor(chunks: Iterable<string>) {
    this.chunks = chunks;
  }
}

/**
 * Kysely runs every statement through `query(sql, parameters)` of the client its connection (or transaction) holds,
 * and has no way to stream COPY data: this client takes `[new CopyData(…)]` as the parameters of a COPY statement
 * and streams the chunks to the server; everything else goes to pg as it is.
 */
class CopyingPoolClient implements PostgresPoolClient {
  readonly #client: pg.PoolClient;
  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    statement: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof statement !== 'string')
      return this.#client.query(statement as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
    const [data] = parameters ?? [];
    if (parameters?.length === 1 && data instanceof CopyData) return this.#copy<R>(statement, data);
    return this.#client.query(statement, [...(parameters ?? [])]) as unknown as Promise<
      PostgresQueryResult<R>
    >;
  }

  async #copy<R>(statement: string, data: CopyData): Promise<PostgresQueryResult<R>> {
    const copy = this.#client.query(copyStreams.from(statement));
    // A failed COPY (the server refused a row, the connection dropped) rejects here; the transaction then rolls back.
    await pipeline(Readable.from(data.chunks), copy);
    // Kysely counts affected rows for INSERT only; the COPY's count is kept as an insert's would be.
    return { command: 'INSERT', rowCount: copy.rowCount, rows: [] };
  }

  release(destroy?: boolean): void {
    this.#client.release(destroy);
  }
}

/** `pool` for Kysely's PostgresDialect, with COPY FROM STDIN (see CopyingPoolClient); ending it ends `pool`. */
export function copyingPool(pool: pg.Pool): PostgresPool {
  // Kysely keeps one connection object per client it is given: the same pg client gets the same wrapper.
  const clients = new WeakMap<pg.PoolClient, CopyingPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let copying = clients.get(client);
      if (copying === undefined) {
        copying = new CopyingPoolClient(client);
        clients.set(client, copying);
      }
      return copying;
    },
    end: () => pool.end(),
  };
}
