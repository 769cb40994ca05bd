// Submits an audit job from an upload — a multipart form, a raw follower file or a JSON array — streaming the file's bytes into the audit as they arrive.
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Account } from '../../../core/account.ts';
import { formatRecordError, InputError } from '../../../core/errors.ts';
import { postInteractions, readPosts } from '../../../ingest/companion-files/posts.ts';
import { parseColumnMap } from '../../../ingest/formats/column-map.ts';
import { type AccountReader, openAccountReader } from '../../../ingest/read.ts';
import { withSourceTimeOnly } from '../../../ingest/source/source-time.ts';
import { makeUploadDir } from '../../upload-dir.ts';
import type { AppContext } from '../app-options.ts';
import { ProblemError, parseOrProblem } from '../problem.ts';
import { type SubmittedAudit, submitUpload, type UploadContext } from './audit-into-queue.ts';
import {
  AUDIT_OPTION_NAMES,
  type AuditRequestOptions,
  auditJsonBodySchema,
  auditOptionsSchema,
  RAW_UPLOAD_TYPES,
} from './audit-request.ts';
import { InflateLimit } from './inflate-limit.ts';
import { MultipartError, multipartBoundary, readUploadForm } from './multipart-form.ts';
import { UploadLimit } from './upload-limit.ts';

const PROFILE_BYTES = 1024 * 1024;
/** A posts file holds a profile's recent posts: a few thousand lines at most. */
const POSTS_BYTES = 8 * 1024 * 1024;
const FIELD_BYTES = 4 * 1024;
/** The name the audit input gets when the request gives none. */
const UNNAMED_UPLOAD = 'upload';
/** Where an unreadable upload's error sends the user: the README's list of the formats realreach reads. */
export const FORMATS_LINK = 'README.md#input-formats';
const FORMATS_ADVICE = ` (the formats realreach reads: ${FORMATS_LINK})`;

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function isJson(type: string | undefined): boolean {
  return type !== undefined && /^application\/(?:[\w.-]+\+)?json$/.test(type);
}

/** What is known of an upload while it streams: its name, and the first error its bytes failed with. */
class UploadTrace {
  name = UNNAMED_UPLOAD;
  /** Kept as thrown: readers wrap a stream's error in a message of their own. */
  firstError: unknown;

  async *watch(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    try {
      yield* source;
    } catch (error) {
      this.firstError ??= error;
      throw error;
    }
  }
}

/** A reader's message names stdin "-": name the upload instead. */
function renamed(error: InputError, name: string): InputError {
  return error.message.startsWith('-: ') ? new InputError(`${name}: ${error.message.slice(3)}`) : error;
}

function optionsOf(fields: Record<string, unknown>): AuditRequestOptions {
  return parseOrProblem(auditOptionsSchema, fields, 'audit options');
}

/** `name` is the upload's: the reader's errors, sources and advice (`realreach hydrate <name>`) say it, not "-". */
function openFollowers(stream: Readable, options: AuditRequestOptions, name: string): Promise<AccountReader> {
  return openAccountReader('-', {
    stdin: stream,
    stdinName: name,
    format: options.format,
    formatOption: 'the format option',
    columnsOption: 'the columns option',
    columns: options.columns === undefined ? undefined : parseColumnMap(options.columns),
    platform: options.platform,
    observedAt: options.observedAt === undefined ? undefined : new Date(options.observedAt),
  });
}

/** Interactions of each post of an uploaded posts file; unreadable lines are skipped and counted in a warning. */
async function readPostInteractions(
  bytes: Buffer,
  name: string,
): Promise<{ interactions: number[]; warnings: string[] }> {
  const interactions: number[] = [];
  const rejected: string[] = [];
  for await (const item of readPosts('-', Readable.from([bytes]))) {
    if (item.ok) interactions.push(postInteractions(item.post));
    else rejected.push(formatRecordError({ ...item.error, file: name }));
  }
  if (interactions.length === 0)
    throw new ProblemError(
      422,
      `posts ${name}: no readable post${rejected[0] ? ` (first: ${rejected[0]})` : ''}`,
    );
  const warnings =
    rejected.length === 0
      ? []
      : [
          `posts ${name}: ${rejected.length} lines rejected and left out of the engagement rate (first: ${rejected[0]})`,
        ];
  return { interactions, warnings };
}

/** The first account of a profile file or object, in any account format. */
async function readProfile(bytes: Buffer, name: string, options: AuditRequestOptions): Promise<Account> {
  let firstRejected: string | undefined;
  try {
    const reader = await openFollowers(
      Readable.from([bytes]),
      { ...options, format: undefined, columns: undefined },
      name,
    );
    const stated = options.observedAt === undefined ? undefined : new Date(options.observedAt);
    for await (const item of reader) {
      if (item.ok) return withSourceTimeOnly(item.account, reader, stated);
      firstRejected ??= formatRecordError(item.error);
    }
  } catch (error) {
    throw error instanceof InputError ? renamed(error, `profile ${name}`) : error;
  }
  throw new InputError(
    `profile ${name}: no readable account in it${firstRejected ? ` (${firstRejected})` : ''}`,
  );
}

async function readWhole(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* jsonLines(records: readonly unknown[]): AsyncGenerator<string> {
  for (const record of records) yield `${JSON.stringify(record)}\n`;
}

async function auditJson(
  context: AppContext & Pick<UploadContext, 'onStored'>,
  body: AsyncIterable<Buffer>,
  query: Record<string, string>,
  trace: UploadTrace,
): Promise<SubmittedAudit> {
  const text = (await readWhole(body)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProblemError(400, `the body is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = parseOrProblem(auditJsonBodySchema, value, 'JSON body');
  const request = Array.isArray(parsed) ? { followers: parsed } : parsed;
  const options = optionsOf({ ...query, ...('options' in request ? request.options : {}) });
  trace.name = options.filename ?? 'request body';
  const profile =
    'profile' in request && request.profile !== undefined
      ? await readProfile(Buffer.from(JSON.stringify(request.profile)), 'profile', options)
      : undefined;
  const followers = await openFollowers(Readable.from(jsonLines(request.followers)), options, trace.name);
  return submitUpload(context, { followers, name: trace.name, profile, options });
}

async function auditRaw(
  context: AppContext & Pick<UploadContext, 'onStored'>,
  body: AsyncIterable<Buffer>,
  query: Record<string, string>,
  trace: UploadTrace,
  signal: AbortSignal | undefined,
  inflate: InflateLimit,
): Promise<SubmittedAudit> {
  const options = optionsOf(query);
  trace.name = options.filename ?? UNNAMED_UPLOAD;
  const followers = await openFollowers(
    Readable.from(trace.watch(inflate.inflate(body))),
    options,
    trace.name,
  );
  return submitUpload(context, { followers, name: trace.name, options, signal });
}

/**
 * The whole form is read first — the followers file spooled to a temporary folder — so options and the profile
 * count wherever they are in the form; then the spooled file is audited and the folder removed.
 */
async function auditMultipart(
  context: AppContext & Pick<UploadContext, 'onStored'>,
  body: AsyncIterable<Buffer>,
  contentType: string,
  query: Record<string, string>,
  trace: UploadTrace,
  signal: AbortSignal | undefined,
  inflate: InflateLimit,
): Promise<SubmittedAudit> {
  const dir = await makeUploadDir();
  try {
    const form = await readUploadForm(body, contentType, dir, {
      fieldNames: AUDIT_OPTION_NAMES,
      spooledName: 'followers',
      smallFiles: { profile: PROFILE_BYTES, posts: POSTS_BYTES },
      fieldBytes: FIELD_BYTES,
    });
    const options = optionsOf({ ...query, ...form.fields });
    const { spooled } = form;
    if (spooled === undefined) throw new ProblemError(400, 'the form has no "followers" file: choose one');
    trace.name = options.filename ?? spooled.name ?? UNNAMED_UPLOAD;
    const profileFile = form.smallFiles.profile;
    const profile =
      profileFile === undefined
        ? undefined
        : await readProfile(profileFile.bytes, profileFile.name ?? 'profile', options);
    const followers = await openFollowers(
      Readable.from(trace.watch(inflate.inflate(createReadStream(spooled.path)))),
      options,
      trace.name,
    );
    const postsFile = form.smallFiles.posts;
    const posts =
      postsFile === undefined
        ? undefined
        : await readPostInteractions(postsFile.bytes, postsFile.name ?? 'posts');
    return await submitUpload(context, {
      followers,
      name: trace.name,
      profile,
      options,
      signal,
      postInteractions: posts?.interactions,
      warnings: posts?.warnings,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What a failed upload means for the client: the stream's own failure, or the reader's message with the upload's name. */
function problemOf(error: unknown, trace: UploadTrace, limit: UploadLimit, inflate: InflateLimit): unknown {
  if (limit.exceeded) return limit.problem();
  if (inflate.exceeded) return inflate.problem();
  const cause = trace.firstError ?? error;
  if (cause instanceof ProblemError) return cause;
  if (cause instanceof MultipartError)
    return new ProblemError(400, `the multipart/form-data body is malformed: ${cause.message}`);
  if (cause instanceof InputError)
    return new ProblemError(422, `${renamed(cause, trace.name).message}${FORMATS_ADVICE}`);
  return cause;
}

export async function createAuditFromRequest(
  context: AppContext & Pick<UploadContext, 'onStored'>,
  request: Request,
  query: Record<string, string>,
): Promise<SubmittedAudit> {
  const contentType = request.headers.get('content-type') ?? undefined;
  const type = mediaType(contentType);
  const boundary = multipartBoundary(contentType);
  if (type === 'multipart/form-data' && boundary === undefined)
    throw new ProblemError(400, 'a multipart/form-data body needs a boundary parameter in its Content-Type');
  if (!isJson(type) && boundary === undefined && type !== undefined && !RAW_UPLOAD_TYPES.includes(type))
    throw new ProblemError(
      415,
      `cannot take a ${type} body: send multipart/form-data with a "followers" file, a JSON array (application/json), or the file itself as ${RAW_UPLOAD_TYPES.join(', ')}`,
    );
  if (request.body === null) throw new ProblemError(400, 'the request has no body: send the followers');
  const limit = new UploadLimit(isJson(type) ? context.limits.jsonBytes : context.limits.uploadBytes);
  limit.checkDeclared(request.headers.get('content-length') ?? undefined);
  const inflate = new InflateLimit(context.limits.inflatedBytes ?? 16 * context.limits.uploadBytes);
  const trace = new UploadTrace();
  const body = trace.watch(limit.count(request.body));
  try {
    if (isJson(type)) return await auditJson(context, body, query, trace);
    if (boundary !== undefined)
      return await auditMultipart(context, body, contentType ?? '', query, trace, request.signal, inflate);
    return await auditRaw(context, body, query, trace, request.signal, inflate);
  } catch (error) {
    throw problemOf(error, trace, limit, inflate);
  }
}
