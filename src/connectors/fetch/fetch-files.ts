// The files one fetch writes beside its followers file, and the JSON shapes of its meta and checkpoint files.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PLATFORMS } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';
import type { FollowerCountSnapshot } from '../../core/snapshot.ts';

export interface FetchFiles {
  /** The followers as realreach Account JSONL, one a line, in the order the platform listed them. */
  followers: string;
  /** The profile itself as one realreach Account line: `realreach audit <out> --profile <out>.profile.jsonl`. */
  profile: string;
  /** What was fetched, from where, when, how completely and in which order; the follower-count snapshot. */
  meta: string;
  /** Where an interrupted fetch stands; gone once the fetch ends. */
  checkpoint: string;
}

export function fetchFilesFor(out: string): FetchFiles {
  return {
    followers: out,
    profile: `${out}.profile.jsonl`,
    meta: `${out}.meta.json`,
    checkpoint: `${out}.checkpoint.json`,
  };
}

const recordSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

const snapshotSchema = z.object({
  platform: z.enum(PLATFORMS),
  profileId: z.string(),
  handle: z.string().optional(),
  observedAt: z.iso.datetime().transform((text) => new Date(text)),
  followersCount: z.number().int().nonnegative(),
  followingCount: z.number().int().nonnegative().optional(),
  postsCount: z.number().int().nonnegative().optional(),
  source: z.string(),
});

const countsSchema = {
  followersFetched: z.number().int().nonnegative(),
  followersWithheld: z.number().int().nonnegative(),
  followersRejected: z.number().int().nonnegative(),
};

const metaSchema = z.object({
  version: z.literal(1),
  profile: recordSchema,
  platform: z.enum(PLATFORMS),
  source: z.string(),
  fetchedAt: z.iso.datetime(),
  ...countsSchema,
  complete: z.boolean(),
  incompleteBecause: z.enum(['max', 'network-hidden']).optional(),
  order: z.literal('newest-first'),
  snapshot: snapshotSchema,
});

/**
 * `<out>.meta.json`. The platforms list followers newest first, so a fetch that stops early (`--max`) holds the most
 * recent intake, not a uniform sample: `complete` and `order` say which, and the audit must say so too.
 */
export type FetchMeta = z.output<typeof metaSchema> & { snapshot: FollowerCountSnapshot };

const checkpointSchema = z.object({
  version: z.literal(1),
  profileRef: z.string(),
  platform: z.enum(PLATFORMS),
  service: z.string(),
  profile: recordSchema,
  snapshot: snapshotSchema,
  startedAt: z.iso.datetime(),
  max: z.number().int().positive().optional(),
  /** Pages written so far; 0 before the first. */
  pagesDone: z.number().int().nonnegative(),
  /** Where the next page starts; absent after the last page. */
  next: z.string().optional(),
  /** The followers file's length once those pages were written: anything after it is from an unfinished page. */
  outBytes: z.number().int().nonnegative(),
  ...countsSchema,
});

/** `<out>.checkpoint.json`, rewritten atomically after each page is in the followers file. */
export type Checkpoint = z.output<typeof checkpointSchema>;

async function readJsonFile<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`${path}: cannot read the ${what}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: the ${what} is not JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${path}: not a realreach ${what}: ${issue?.path.join('.') || '(file)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** The meta file beside a followers file written by `realreach fetch`, or undefined when there is none. */
export function readFetchMeta(followersPath: string): Promise<FetchMeta | undefined> {
  return readJsonFile(fetchFilesFor(followersPath).meta, metaSchema, 'fetch meta file');
}

export function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  return readJsonFile(path, checkpointSchema, 'fetch checkpoint');
}
