// Errors of the API as RFC 9457 problem details: the ProblemError a route throws and the application/problem+json response it becomes.
import { STATUS_CODES } from 'node:http';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemSchema = z
  .strictObject({
    type: z.string().describe('about:blank: the title is the HTTP status'),
    title: z.string(),
    status: z.int(),
    detail: z.string().describe('what was wrong with this request, and what to send instead'),
    errors: z
      .array(z.strictObject({ path: z.string(), message: z.string() }))
      .optional()
      .describe('each invalid field of the request, by its path'),
    job: z
      .string()
      .optional()
      .describe(
        'an upload answered 503 whose job may have been stored all the same (the database went away while it was committed): the job to look at (404: it was not stored, send the upload again) instead of sending it again',
      ),
  })
  .describe('An error, as RFC 9457 problem details');
export type Problem = z.infer<typeof problemSchema>;
export type FieldProblem = NonNullable<Problem['errors']>[number];

const TITLES: Partial<Record<ContentfulStatusCode, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A failed request, thrown by a route and answered as problem+json (or, on a page, as that page's message). */
export class ProblemError extends Error {
  readonly status: ContentfulStatusCode;
  readonly errors: FieldProblem[] | undefined;
  readonly headers: Record<string, string>;
  readonly job: string | undefined;

  constructor(
    status: ContentfulStatusCode,
    detail: string,
    extra: { errors?: FieldProblem[]; headers?: Record<string, string>; job?: string } = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
    this.status = status;
    this.errors = extra.errors;
    this.headers = extra.headers ?? {};
    this.job = extra.job;
  }

  toProblem(): Problem {
    const problem: Problem = {
      type: 'about:blank',
      title: TITLES[this.status] ?? STATUS_CODES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
    };
    if (this.errors !== undefined) problem.errors = this.errors;
    if (this.job !== undefined) problem.job = this.job;
    return problem;
  }
}

/** Values longer than this are cut where a problem quotes them. */
const QUOTED_CHARS = 60;

/** The value a request sent at a zod path, quoted as JSON (cut short), when it is a string, number or boolean. */
function sentValue(input: unknown, path: readonly PropertyKey[]): string | undefined {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  if (!['string', 'number', 'boolean'].includes(typeof value)) return undefined;
  const text = String(value);
  return JSON.stringify(text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : value);
}

/**
 * The fields a zod schema refused, by path ("limit", "options.sample"), with zod's message and, when `input` is
 * given, the value sent ("expected number, received NaN (sent \"abc\")": zod's words alone hide what was wrong).
 */
export function fieldProblems(error: z.ZodError, input?: unknown): FieldProblem[] {
  return error.issues.map((issue) => {
    const sent = input === undefined ? undefined : sentValue(input, issue.path);
    return {
      path: issue.path.map(String).join('.') || '(body)',
      message: sent === undefined ? issue.message : `${issue.message} (sent ${sent})`,
    };
  });
}

/** Parses with a zod schema, or throws a 400 naming every refused field. */
export function parseOrProblem<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = fieldProblems(parsed.error, value);
  const first = errors[0];
  throw new ProblemError(400, `invalid ${what}${first ? `: ${first.path}: ${first.message}` : ''}`, {
    errors,
  });
}

export function problemResponse(error: ProblemError): Response {
  return new Response(JSON.stringify(error.toProblem()), {
    status: error.status,
    headers: { ...error.headers, 'Content-Type': PROBLEM_CONTENT_TYPE },
  });
}
