// Reads a profile's posts file for the engagement rate: JSONL, one post per line, streamed, each bad line reported as file:line: field: reason.
//
// Columns (one JSON object per line; a JSON array of the same objects also works):
//   id         the post's id, text or number (required)
//   createdAt  when it was posted, ISO 8601 such as 2026-10-30T14:05:00Z (required)
//   likes      likes (or favourites), a whole number >= 0 (required)
//   replies    replies (comments on Instagram), a whole number >= 0 (required)
//   reposts    reposts (retweets, boosts, shares), a whole number >= 0 (required)
//   quotes     quote posts, a whole number >= 0 (optional; counted when given)
// Other keys are ignored, so an export with more columns can be used as it is.
import type { Readable } from 'node:stream';
import { FieldError, InputError, type RecordError } from '../../core/errors.ts';
import { asRecord, readCount, readId, readTime } from '../fields.ts';
import { detectJsonLayout, isFramingError, splitJson } from '../framing/json-values.ts';
import { openInput } from '../source/source.ts';

export interface Post {
  id: string;
  createdAt: Date;
  likes: number;
  replies: number;
  reposts: number;
  quotes?: number;
}

export type PostItem = { ok: true; post: Post } | { ok: false; error: RecordError };

function requiredCount(record: Record<string, unknown>, field: string): number {
  const value = readCount(record[field], field);
  if (value === undefined) throw new FieldError(field, 'missing (a whole number >= 0 is required)');
  return value;
}

function mapPost(value: unknown): Post {
  const record = asRecord(value);
  const createdAt = readTime(record.createdAt, 'createdAt');
  if (createdAt === undefined) throw new FieldError('createdAt', 'missing (an ISO 8601 time is required)');
  const post: Post = {
    id: readId(record.id, 'id'),
    createdAt,
    likes: requiredCount(record, 'likes'),
    replies: requiredCount(record, 'replies'),
    reposts: requiredCount(record, 'reposts'),
  };
  const quotes = readCount(record.quotes, 'quotes');
  if (quotes !== undefined) post.quotes = quotes;
  return post;
}

/** Likes, replies, reposts and quotes of one post. */
export function postInteractions(post: Post): number {
  return post.likes + post.replies + post.reposts + (post.quotes ?? 0);
}

/** The posts of a file (or `-` for stdin), in order; unreadable lines come out as errors and reading goes on. */
export async function* readPosts(input: string, stdin?: Readable): AsyncGenerator<PostItem> {
  const opened = await openInput(input, stdin);
  const layout = detectJsonLayout(opened.head);
  if (layout === undefined) {
    throw new InputError(
      `${opened.display}: a posts file is JSONL, one post object per line (id, createdAt, likes, replies, reposts, quotes)`,
    );
  }
  for await (const frames of splitJson(opened.chunks, layout)) {
    for (const frame of frames) {
      const where = { file: opened.display, line: frame.line, index: frame.index };
      if (isFramingError(frame)) {
        yield { ok: false, error: { ...where, field: '(record)', reason: frame.reason } };
        continue;
      }
      try {
        yield { ok: true, post: mapPost(JSON.parse(frame.text)) };
      } catch (error) {
        if (error instanceof FieldError)
          yield { ok: false, error: { ...where, field: error.field, reason: error.reason } };
        else
          yield {
            ok: false,
            error: { ...where, field: '(record)', reason: `invalid JSON: ${(error as Error).message}` },
          };
      }
    }
  }
}
