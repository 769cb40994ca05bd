// Traffic for the fault suite and the load-with-faults bench: reads and uploads in parallel against a server, each answer's kind and time kept.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const DEMO = resolve(import.meta.dirname, '..', '..', 'examples', 'demo-audience');
const demoLines = readFileSync(join(DEMO, 'followers.jsonl'), 'utf8').trim().split('\n');

export interface Answer {
  kind: 'read' | 'upload';
  /** The HTTP status, or 0 when no answer came (the connection failed). */
  status: number;
  ms: number;
  /** The saved audit's id of a 201 upload. */
  auditId?: number;
  /** The audit job's id of a 202 upload (the server audits it in the background). */
  jobId?: number;
  /**
   * The job a 503 upload names when the database went away while it was committed (the problem's `job`): it may have
   * been stored, and the client was told to look at it rather than send the upload again.
   */
  maybeJobId?: number;
  problem?: string;
  at: number;
}

/** A small follower upload, different for each n so each audit is its own. */
export function uploadBody(n: number, lines = 60): string {
  const start = (n * lines) % Math.max(1, demoLines.length - lines);
  return `${demoLines.slice(start, start + lines).join('\n')}\n`;
}

async function once(url: string, token: string, kind: Answer['kind'], n: number): Promise<Answer> {
  const started = performance.now();
  const at = Date.now();
  try {
    const response =
      kind === 'read'
        ? await fetch(`${url}/api/v1/audits?limit=5`, {
            headers: { Authorization: `Bearer ${token}` },
            signal: AbortSignal.timeout(30_000),
          })
        : await fetch(`${url}/api/v1/audits?filename=load-${n}.jsonl`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' },
            body: uploadBody(n),
            signal: AbortSignal.timeout(60_000),
          });
    const text = await response.text();
    const answer: Answer = { kind, status: response.status, ms: performance.now() - started, at };
    if (response.status === 201) answer.auditId = JSON.parse(text).id;
    else if (response.status === 202) answer.jobId = JSON.parse(text).id;
    else if (response.status >= 400) {
      answer.problem = text.slice(0, 300);
      const job = response.status === 503 ? /\/jobs\/(\d+)$/.exec(JSON.parse(text).job ?? '') : null;
      if (job) answer.maybeJobId = Number(job[1]);
    }
    return answer;
  } catch (error) {
    return { kind, status: 0, ms: performance.now() - started, problem: String(error), at };
  }
}

/** Runs `workers` loops until `stop` is aborted: each sends a read, and every `uploadEvery`-th request an upload. */
export async function runLoad(
  url: string,
  token: string,
  stop: AbortSignal,
  options: { workers?: number; uploadEvery?: number } = {},
): Promise<Answer[]> {
  const answers: Answer[] = [];
  let n = 0;
  const worker = async () => {
    while (!stop.aborted) {
      n += 1;
      const kind = n % (options.uploadEvery ?? 4) === 0 ? 'upload' : 'read';
      answers.push(await once(url, token, kind, n));
    }
  };
  await Promise.all(Array.from({ length: options.workers ?? 4 }, worker));
  return answers;
}

/** An answer that is not a failure: 2xx, or 429 (the token's queue of audit jobs is full: try later). */
export function isServed(answer: Answer): boolean {
  return (answer.status >= 200 && answer.status < 300) || answer.status === 429;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Answers counted by kind and status: `read 200`, `upload 503`, `read no answer`. */
export function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = `${answer.kind} ${answer.status === 0 ? 'no answer' : answer.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
