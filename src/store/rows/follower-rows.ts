// An audit's per-follower rows: a follower's result checked and made a row, and bulk writes the fastest way each dialect offers through Kysely.
import { CompiledQuery, type Insertable, type InsertQueryNode, type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import { type FollowerFacts, type FollowerResult, followerResultSchema } from '../../audit/report-schema.ts';
import { InputError } from '../../core/errors.ts';
import type { AuditFollowersTable, Database } from '../database.ts';
import { CopyData } from '../dialects/postgres-copy.ts';
import { storedJson, storedOptionalText, storedText } from './stored-text.ts';

export type FollowerRow = Insertable<AuditFollowersTable>;

/** Zod's issues as one line: `followersRead: Invalid input: expected int, received number`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(whole)'}: ${issue.message}`).join('; ');
}

/** A follower's result as its row, checked against the report schema (a bad one fails the save, naming it). */
export function followerRow(auditId: number, position: number, follower: FollowerResult): FollowerRow {
  const checked = followerResultSchema.safeParse(follower);
  if (!checked.success)
    throw new InputError(`audit not saved: follower ${position + 1}: ${describeIssues(checked.error)}`);
  const { data } = checked;
  return {
    audit_id: auditId,
    position,
    follower_id: storedText(data.id),
    handle: storedOptionalText(data.handle),
    platform: data.platform,
    p_fake: data.pFake,
    type: data.type,
    unlike_training: data.unlikeTraining ? 1 : 0,
    reasons: storedJson(data.reasons),
    source: storedText(data.source),
    label: data.label,
    created_at: data.createdAt ?? null,
    facts: data.facts === undefined ? null : storedFacts(data.facts),
  };
}

/**
 * The order a row keeps the facts in: part of the stored format. A fact added later goes at the end, and rows saved
 * before it read it as null.
 */
export const STORED_FACT_ORDER = [
  'displayName',
  'bio',
  'followers',
  'following',
  'posts',
  'lastPostAt',
  'observedAt',
  'defaultAvatar',
  'verified',
  'declaredBot',
  'profileUrl',
] as const satisfies readonly (keyof FollowerFacts)[];

/**
 * The facts as a JSON array of their values in STORED_FACT_ORDER: the names would be most of the text (the scale
 * bench's synthetic followers: 225 B of facts on average as an object, 93 B as an array), written into every row
 * and every row's WAL record.
 */
export function storedFacts(facts: FollowerFacts): string {
  return storedJson(STORED_FACT_ORDER.map((name) => facts[name]));
}

/** A row's facts as saved: a JSON array (storedFacts) or, in rows saved before it, the JSON object. */
export function readStoredFacts(text: string): FollowerFacts {
  const stored = JSON.parse(text) as unknown[] | FollowerFacts;
  if (!Array.isArray(stored)) return stored;
  return Object.fromEntries(STORED_FACT_ORDER.map((name, i) => [name, stored[i] ?? null])) as FollowerFacts;
}

/** Writes `rows` in batches of the writer's size, first sorted (in place) when the writer has an order. */
export async function writeFollowerRows(
  writer: FollowerRowWriter,
  trx: Kysely<Database>,
  rows: FollowerRow[],
): Promise<void> {
  if (writer.order !== undefined) rows.sort(writer.order);
  for (let start = 0; start < rows.length; start += writer.batchSize)
    await writer.write(trx, rows.slice(start, start + writer.batchSize));
}

export interface FollowerRowWriter {
  /** The most rows one `write` takes. */
  readonly batchSize: number;
  /** The order rows are best written in (every reader orders its rows, so this changes no output). */
  readonly order?: (a: FollowerRow, b: FollowerRow) => number;
  write(trx: Kysely<Database>, rows: FollowerRow[]): Promise<void>;
}

/** Bound parameters of one per-follower row: the columns of audit_followers. */
const PARAMETERS_PER_ROW = 13;

/**
 * Multi-row INSERTs as large as the parameter limit allows. A full batch always compiles to the same SQL, so it is
 * compiled by Kysely once and run again with each batch's values, in the column order of the compiled statement.
 */
export function multiRowInsertWriter(maxParameters: number): FollowerRowWriter {
  const batchSize = Math.floor(maxParameters / PARAMETERS_PER_ROW);
  let fullBatch: { compiled: CompiledQuery; columns: (keyof FollowerRow)[] } | undefined;
  return {
    batchSize,
    async write(trx, rows) {
      if (rows.length < batchSize) {
        await trx.insertInto('audit_followers').values(rows).execute();
        return;
      }
      if (fullBatch === undefined) {
        const compiled = trx.insertInto('audit_followers').values(rows).compile();
        const columns = ((compiled.query as InsertQueryNode).columns ?? []).map(
          (node) => node.column.name as keyof FollowerRow,
        );
        fullBatch = { compiled, columns };
      }
      const { compiled, columns } = fullBatch;
      const parameters: unknown[] = [];
      for (const row of rows) for (const column of columns) parameters.push(row[column]);
      await trx.executeQuery({ ...compiled, parameters });
    },
  };
}

/** A follower row's columns, in the order copyLine writes them (and the unnest INSERT lists them). */
const FOLLOWER_ROW_COLUMNS = [
  'audit_id',
  'position',
  'follower_id',
  'handle',
  'platform',
  'p_fake',
  'type',
  'unlike_training',
  'reasons',
  'source',
  'label',
  'created_at',
  'facts',
] as const satisfies readonly (keyof FollowerRow)[];

/**
 * PostgreSQL: each column as one array parameter, turned back into rows by unnest. Thirteen parameters whatever the
 * batch size, so the server parses one short statement per batch instead of 65,535 placeholders. The unnests are in
 * the select list, not in FROM: there the function's result is first put in a tuplestore (which spills to a temporary
 * file past work_mem), here the rows stream straight into the insert — 15 % less of the server's CPU a row (measured
 * with perf on the backend; the batch of 2,500 rows is the fastest of 1,000, 2,500 and 10,000).
 */
export function unnestInsertWriter(batchSize: number): FollowerRowWriter {
  return {
    batchSize,
    async write(trx, rows) {
      const column = <K extends keyof FollowerRow>(name: K) => rows.map((row) => row[name]);
      await trx
        .insertInto('audit_followers')
        .columns([...FOLLOWER_ROW_COLUMNS])
        // Set-returning functions in a select list advance together: arrays of one length give one row per index.
        .expression(
          sql`select unnest(${column('audit_id')}::integer[]), unnest(${column('position')}::integer[]),
            unnest(${column('follower_id')}::text[]), unnest(${column('handle')}::text[]),
            unnest(${column('platform')}::text[]), unnest(${column('p_fake')}::double precision[]),
            unnest(${column('type')}::text[]), unnest(${column('unlike_training')}::integer[]),
            unnest(${column('reasons')}::text[]), unnest(${column('source')}::text[]),
            unnest(${column('label')}::text[]), unnest(${column('created_at')}::text[]),
            unnest(${column('facts')}::text[])`,
        )
        .execute();
    },
  };
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIALS = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text as a field of COPY's text format: backslash, line breaks and tab escaped (stored text has no NUL). */
function copyText(text: string): string {
  return COPY_SPECIAL.test(text)
    ? text.replace(COPY_SPECIALS, (special) => COPY_ESCAPES[special] as string)
    : text;
}

const copyNullable = (text: string | null | undefined) =>
  text === null || text === undefined ? '\\N' : copyText(text);

/**
 * One row as a line of COPY's text format. Numbers are written as JavaScript prints them, the shortest text that
 * reads back as the same double (as pg writes a number parameter); the platform, type and label are fixed words.
 */
function copyLine(row: FollowerRow): string {
  return `${row.audit_id}\t${row.position}\t${copyText(row.follower_id)}\t${copyNullable(row.handle)}\t${row.platform}\t${row.p_fake}\t${row.type}\t${row.unlike_training}\t${copyText(row.reasons)}\t${copyText(row.source)}\t${copyNullable(row.label)}\t${copyNullable(row.created_at)}\t${copyNullable(row.facts)}\n`;
}

/** Lines of a chunk sent to the server at a time (about 150 KB). */
const COPY_LINES_PER_CHUNK = 500;

function* copyChunks(rows: readonly FollowerRow[]): Generator<string> {
  for (let start = 0; start < rows.length; start += COPY_LINES_PER_CHUNK) {
    let chunk = '';
    for (const row of rows.slice(start, start + COPY_LINES_PER_CHUNK)) chunk += copyLine(row);
    yield chunk;
  }
}

/**
 * The order of the follower type index, `(audit_id, type, p_fake, position)`, for the rows of one audit. The types
 * are lowercase words that sort alike in JavaScript and under PostgreSQL's collations (another order would cost only
 * speed: nothing stored or read depends on it).
 */
export function typeIndexOrder(a: FollowerRow, b: FollowerRow): number {
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  return a.p_fake - b.p_fake || a.position - b.position;
}

/**
 * PostgreSQL: COPY FROM STDIN in text format (through postgres-copy.ts's pool, in the caller's transaction). The
 * server reads the rows as lines, with no statement to plan and no array parameters to parse and unnest; the worker
 * writes one line a row instead of thirteen array literals. Measured with `npm run bench -- --only scale`: see
 * docs/capacity-plan.md.
 */
export function copyWriter(batchSize: number): FollowerRowWriter {
  const statement = `copy audit_followers (${FOLLOWER_ROW_COLUMNS.join(', ')}) from stdin`;
  return {
    batchSize,
    // In the type index's order, each row's index entry goes beside the one before instead of on a random leaf
    // page: PostgreSQL's CPU for a shard's COPY fell by about a third, and two workers saving at once wait far less
    // on each other's index pages (LWLock:BufferContent). The primary key's inserts, random within the shard's
    // positions, cost less than that gains (two 25,000-row COPYs, side by side: docs/capacity-plan.md).
    order: typeIndexOrder,
    async write(trx, rows) {
      await trx.executeQuery(CompiledQuery.raw(statement, [new CopyData(copyChunks(rows))]));
    },
  };
}
