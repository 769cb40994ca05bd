import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { followerResultSchema } from '../../audit/report-schema.ts';
import { openSqliteStore } from '../../store/dialects/sqlite.ts';
import { JobCommitUnknownError } from '../../store/jobs/audit-job-store.ts';
import type { Store } from '../../store/store.ts';
import { auditIdOfJob } from './_test-jobs.ts';
import { resolveAppOptions } from './app-options.ts';
import { createApp } from './create-app.tsx';
import { jobSchema } from './jobs/job-json.ts';
import {
  auditListSchema,
  createdAuditSchema,
  followerPageSchema,
  historySchema,
  profileAuditsSchema,
  storedAuditSchema,
} from './openapi/api-schemas.ts';
import { PROBLEM_CONTENT_TYPE, problemSchema } from './problem.ts';
import { createAuditFromRequest } from './upload/create-audit-from-request.ts';

const DEMO = resolve(import.meta.dirname, '..', '..', '..', 'examples', 'demo-audience');
const demoLines = readFileSync(join(DEMO, 'followers.jsonl'), 'utf8').trim().split('\n');
const followersJsonl = `${demoLines.slice(0, 300).join('\n')}\n`;
const profileJson = readFileSync(join(DEMO, 'profile.json'), 'utf8');
const UPLOAD_LIMIT = 512 * 1024;
const JSON_LIMIT = 256 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'realreach-http-'));
let store: Store;
let token: string;
let app: ReturnType<typeof createApp>;
let auth: Record<string, string>;

before(async () => {
  store = await openSqliteStore(join(dir, 'realreach.db'));
  token = (await store.createToken('test')).token;
  auth = { Authorization: `Bearer ${token}` };
  app = createApp({
    store,
    limits: { uploadBytes: UPLOAD_LIMIT, jsonBytes: JSON_LIMIT, followerPageSize: 500 },
    log: () => {},
  });
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function request(path: string, init: RequestInit = {}) {
  return app.request(path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
}

/** The response is problem+json with this status, and its detail matches. */
async function assertProblem(response: Response, status: number, detail?: RegExp) {
  assert.equal(response.status, status, await response.clone().text());
  assert.equal(response.headers.get('content-type'), PROBLEM_CONTENT_TYPE);
  const problem = problemSchema.parse(await response.json());
  assert.equal(problem.status, status);
  if (detail) assert.match(problem.detail, detail);
  return problem;
}

/** `target` with the named properties replaced (a store whose database fails where a test wants it to). */
function overriding<T extends object>(target: T, replaced: () => Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(inner, property) {
      const now = replaced();
      if (Object.hasOwn(now, property)) return now[property as keyof T];
      const value = Reflect.get(inner, property);
      return typeof value === 'function' ? value.bind(inner) : value;
    },
  });
}

/** A body that never ends: lines of followers for as long as the server reads. */
function endlessFollowers(): ReadableStream<Uint8Array> {
  let line = 0;
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(new TextEncoder().encode(`${demoLines[line++ % demoLines.length]}\n`));
    },
  });
}

/** A multipart form whose only part is a gzipped followers file of these bytes (binary, so a Buffer). */
function gzipFollowersForm(filename: string, gzipped: Buffer, boundary = 'gz') {
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="followers"; filename="${filename}"\r\nContent-Type: application/gzip\r\n\r\n`,
    ),
    gzipped,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

function multipartBody(parts: { name: string; filename?: string; value: string }[], boundary = 'xYz') {
  const chunks = parts.map(
    (part) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}\r\n\r\n${part.value}\r\n`,
  );
  return { body: `${chunks.join('')}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

/** The audit a 202 Accepted upload's job makes: its Location followed until the job is done. */
async function completed(response: Response) {
  assert.equal(response.status, 202, await response.clone().text());
  const location = response.headers.get('location') ?? '';
  assert.match(location, /^\/api\/v1\/jobs\/\d+$/);
  for (;;) {
    const job = jobSchema.parse(await (await request(location)).json());
    assert.ok(
      job.state === 'queued' || job.state === 'running' || job.state === 'done',
      job.error ?? job.state,
    );
    if (job.state === 'done') {
      assert.deepEqual(
        [job.progress.scored, job.links.audit],
        [job.progress.total, `/api/v1/audits/${job.auditId}`],
      );
      return createdAuditSchema.parse({ ...job.audit, warnings: job.warnings });
    }
    await delay(20);
  }
}

/** Submits through the app's own request handling, as the routes do, and waits for the audit. */
async function submitted(body: string): Promise<{ id: number }> {
  const { jobId } = await createAuditFromRequest(
    resolveAppOptions({ store }),
    new Request('http://localhost/', { method: 'POST', body }),
    {},
  );
  return { id: await auditIdOfJob(store, jobId) };
}

async function countAudits(): Promise<number> {
  return (await store.listAudits({ limit: 1000 })).length;
}

describe('POST /api/v1/audits', () => {
  let created: ReturnType<typeof createdAuditSchema.parse>;

  it("queues a raw JSONL body: 202, the job's Location, then the report and every follower", async () => {
    const response = await request('/api/v1/audits?filename=followers.jsonl', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: followersJsonl,
    });
    created = await completed(response);
    assert.equal(created.report.followersRead, 300);
    assert.equal(created.report.input.file, 'followers.jsonl');
    assert.match(created.report.mostSuspicious[0]?.source ?? '', /^followers\.jsonl:\d+$/);
    assert.equal(created.report.sample.kind, 'all');
    const page = followerPageSchema.parse(
      await (await request(`/api/v1/audits/${created.id}/followers?limit=500`)).json(),
    );
    assert.equal(page.followers.length, 300);
    assert.equal(page.nextCursor, null);
    assert.ok(page.followers[0]?.reasons.length, 'the most suspicious followers carry their reasons');
  });

  it('GET /audits/{id} serves the saved audit, the report schema-valid and as created', async () => {
    const response = await request(`/api/v1/audits/${created.id}`);
    assert.equal(response.status, 200);
    const audit = storedAuditSchema.parse(await response.json());
    assert.deepEqual(audit.report, created.report);
    assert.equal(audit.headline, created.report.headline);
  });

  it('says, in the headline and in domainShift.tooFewToCheck, when the followers are too few to check (under 50)', async () => {
    const small = await completed(
      await request('/api/v1/audits?filename=followers.jsonl', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body: `${demoLines.slice(0, 30).join('\n')}\n`,
      }),
    );
    assert.equal(small.report.domainShift.tooFewToCheck, true);
    assert.match(
      small.report.headline,
      /and 30 are too few to check that — .* realreach review draws all 30$/,
    );
    const listed = await (await request('/api/v1/audits?limit=1')).json();
    assert.match(JSON.stringify(listed), /30 are too few to check/);
    assert.equal(created.report.domainShift.tooFewToCheck, undefined, '300 followers');
  });

  it('takes a multipart form with options, a profile and the followers; records the follower count only at a known time', async () => {
    const { body, type } = multipartBody([
      { name: 'model', value: 'x' },
      { name: 'sample', value: '120' },
      { name: 'seed', value: '7' },
      { name: 'recentIntake', value: 'on' },
      { name: 'profile', filename: 'profile.json', value: profileJson },
      { name: 'followers', filename: 'followers.jsonl', value: followersJsonl },
    ]);
    const response = await request('/api/v1/audits', {
      method: 'POST',
      headers: { 'Content-Type': type },
      body,
    });
    const audit = await completed(response);
    assert.equal(audit.report.profile?.handle, 'lumen_roasters');
    assert.equal(audit.report.profile?.followersCount, 2500);
    assert.equal(audit.report.sample.recentIntake, true);
    assert.equal(audit.report.sample.kind, 'uniform');
    assert.equal(audit.report.sample.seed, 7);
    assert.equal(audit.report.followersRead, 120);

    const byId = profileAuditsSchema.parse(
      await (await request('/api/v1/profiles/x/990000000001/audits')).json(),
    );
    assert.deepEqual(
      byId.audits.map((entry) => entry.id),
      [audit.id],
    );
    const byHandle = await request('/api/v1/profiles/x/@lumen_roasters/audits');
    assert.equal(byHandle.status, 200);
    // The profile file carries no capture time: the upload's moment is no observation, so no point of history.
    const history = async () =>
      historySchema.parse(await (await request('/api/v1/profiles/x/990000000001/history')).json());
    assert.equal((await history()).snapshots.length, 0);
    const stated = multipartBody([
      { name: 'observedAt', value: '2026-10-01T08:00:00Z' },
      { name: 'profile', filename: 'profile.json', value: profileJson },
      { name: 'followers', filename: 'followers.jsonl', value: followersJsonl },
    ]);
    const again = await request('/api/v1/audits', {
      method: 'POST',
      headers: { 'Content-Type': stated.type },
      body: stated.body,
    });
    await completed(again);
    const { snapshots } = await history();
    assert.equal(snapshots.length, 1);
    assert.equal(snapshots[0]?.followersCount, 2500);
    assert.equal(snapshots[0]?.observedAt, '2026-10-01T08:00:00.000Z');
    assert.equal(snapshots[0]?.source, 'audit');
  });

  it('takes a posts file and the audience thresholds from the form; a bad posts line is a warning', async () => {
    const posts = [
      '{"id":"1","createdAt":"2026-11-01T10:00:00Z","likes":40,"replies":3,"reposts":2}',
      '{"id":"2","createdAt":"2026-11-02T10:00:00Z","likes":"many"}',
      '{"id":"3","createdAt":"2026-11-03T10:00:00Z","likes":20,"replies":1,"reposts":0}',
    ].join('\n');
    const { body, type } = multipartBody([
      { name: 'followers', filename: 'followers.jsonl', value: demoLines.slice(0, 300).join('\n') },
      { name: 'posts', filename: 'posts.jsonl', value: posts },
      { name: 'profile', filename: 'profile.json', value: profileJson },
      { name: 'suspicious', value: '0.7' },
      { name: 'massFollowing', value: '800' },
      { name: 'influencerFollowers', value: '' },
      { name: 'inactiveDays', value: '30' },
    ]);
    const response = await request('/api/v1/audits', {
      method: 'POST',
      headers: { 'Content-Type': type },
      body,
    });
    const created = await completed(response);
    const audit = await store.getAudit(created.id);
    assert.ok(audit);
    assert.deepEqual(audit.report.thresholds, {
      suspiciousPFake: 0.7,
      massFollowing: 800,
      influencerFollowers: 5_000,
      inactiveDays: 30,
    });
    assert.equal(audit.report.engagement?.posts, 2);
    assert.equal(audit.report.engagement?.meanInteractions, (45 + 21) / 2);
    assert.match(
      (created.warnings ?? []).join('\n'),
      /posts posts\.jsonl: 1 lines rejected .*posts\.jsonl:2/,
    );
  });

  it('takes a JSON array, and a JSON object with the profile and options', async () => {
    const records = demoLines.slice(0, 40).map((line) => JSON.parse(line));
    const array = await request('/api/v1/audits', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(records),
    });
    assert.equal((await completed(array)).report.input.file, 'request body');
    const object = await request('/api/v1/audits', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        followers: records,
        profile: JSON.parse(profileJson),
        options: { seed: 3, reasons: 'suspicious', filename: 'api.json' },
      }),
    });
    const audit = await completed(object);
    assert.equal(audit.report.profile?.followersCount, 2500);
    assert.equal(audit.report.input.file, 'api.json');
  });

  it('reads a gzipped upload', async () => {
    const response = await request('/api/v1/audits', {
      method: 'POST',
      headers: { 'Content-Type': 'application/gzip' },
      body: gzipSync(followersJsonl),
    });
    assert.equal((await completed(response)).report.followersRead, 300);
  });

  it('refuses a gzip cut short with 422 naming the upload and the line where its text stops, raw or in a form', async () => {
    const before = await countAudits();
    const gz = gzipSync(followersJsonl);
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
    await assertProblem(
      await request('/api/v1/audits?filename=f.jsonl.gz', {
        method: 'POST',
        headers: { 'Content-Type': 'application/gzip' },
        body: cut,
      }),
      422,
      /^f\.jsonl\.gz: the gzip data ends early, in line \d+ .*: the file is cut short/,
    );
    const form = gzipFollowersForm('g.jsonl.gz', cut);
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': form.type },
        body: form.body,
      }),
      422,
      /^g\.jsonl\.gz: the gzip data ends early/,
    );
    assert.equal(await countAudits(), before, 'nothing saved');
  });

  it('reads any CSV through the columns option, and names a column the CSV lacks (issue 10)', async () => {
    const csv = `Benutzer,Abonnenten\n${Array.from({ length: 40 }, (_, i) => `fan_${i},${i * 3}`).join('\n')}\n`;
    const query = `columns=${encodeURIComponent('handle=Benutzer,followersCount=Abonnenten')}&platform=instagram`;
    const response = await request(`/api/v1/audits?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: csv,
    });
    const audit = await completed(response);
    assert.equal(audit.report.followersRead, 40);
    assert.equal(audit.report.input.format, 'columns');
    await assertProblem(
      await request(`/api/v1/audits?columns=${encodeURIComponent('handle=Benutzer,postsCount=Beiträge')}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv' },
        body: csv,
      }),
      422,
      /no column "Beiträge" \(mapped to postsCount/,
    );
    await assertProblem(
      await request(`/api/v1/audits?columns=${encodeURIComponent('followers=x')}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv' },
        body: csv,
      }),
      400,
      /unknown field "followers"/,
    );
  });
});

describe('POST /api/v1/audits with bad input', () => {
  it('refuses a body over the upload limit with 413: declared, or counted while it streams without end', async () => {
    const before = await countAudits();
    const big = 'x'.repeat(UPLOAD_LIMIT + 1);
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv', 'Content-Length': String(big.length) },
        body: big,
      }),
      413,
      /larger than this server's limit of 0.5 MiB/,
    );
    // A body that never ends can only be refused by a server that reads it as it streams.
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body: endlessFollowers(),
        duplex: 'half',
      } as RequestInit),
      413,
    );
    const boundary = 'endless';
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="followers"; filename="f.jsonl"\r\n\r\n`,
    );
    const followers = endlessFollowers().getReader();
    let started = false;
    const form = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(head);
          return;
        }
        const { value } = await followers.read();
        if (value) controller.enqueue(value);
      },
    });
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
        body: form,
        duplex: 'half',
      } as RequestInit),
      413,
    );
    assert.equal(await countAudits(), before, 'nothing saved');
  });

  it('refuses a JSON body over its own limit with 413', async () => {
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: `[${'{"id":"1"},'.repeat(JSON_LIMIT / 10)}{}]`,
      }),
      413,
    );
  });

  it('refuses malformed multipart bodies with 400', async () => {
    const truncated = `--b\r\nContent-Disposition: form-data; name="followers"; filename="f.jsonl"\r\n\r\n${demoLines[0]}\n`;
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
        body: truncated,
      }),
      400,
      /multipart\/form-data body is malformed: Unexpected end of form/,
    );
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': 'multipart/form-data' },
        body: 'x',
      }),
      400,
      /boundary/,
    );
    const noFollowers = multipartBody([{ name: 'model', value: 'x' }]);
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': noFollowers.type },
        body: noFollowers.body,
      }),
      400,
      /no "followers" file/,
    );
    const unknownField = multipartBody([{ name: 'colour', value: 'red' }]);
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': unknownField.type },
        body: unknownField.body,
      }),
      400,
      /unknown form field "colour"/,
    );
  });

  it('honours options sent after the followers file, however large the file (issue 10)', async () => {
    // Far more than one chunk of the body, as large as the test server's limit allows.
    const lines: string[] = [];
    for (let size = 0, i = 0; size < UPLOAD_LIMIT * 0.8; i += 1) {
      const line = demoLines[i % demoLines.length] as string;
      lines.push(line);
      size += line.length + 1;
    }
    const large = `${lines.join('\n')}\n`;
    const late = multipartBody([
      { name: 'followers', filename: 'f.jsonl', value: large },
      { name: 'sample', value: '10' },
      { name: 'model', value: 'x' },
    ]);
    const response = await request('/api/v1/audits', {
      method: 'POST',
      headers: { 'Content-Type': late.type },
      body: late.body,
    });
    const audit = await completed(response);
    assert.equal(audit.report.sample.kind, 'uniform');
    assert.equal(audit.report.followersRead, 10);
    assert.equal(audit.report.model.name, 'x');
  });

  it('takes an empty unnamed file part (an unselected file input) as no part at all (issue 10)', async () => {
    const boundary = 'emptyProfile';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="sample"\r\n\r\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="profile"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="followers"; filename="f.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n${followersJsonl}\r\n` +
      `--${boundary}--\r\n`;
    const response = await request('/api/v1/audits', {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    const audit = await completed(response);
    assert.equal(audit.report.profile, null);
    assert.equal(audit.report.followersRead, 300);
  });

  it("answers an unreadable followers file with the reader's own error and a link to the formats (issue 10)", async () => {
    const garbage = multipartBody([
      { name: 'profile', filename: 'profile.json', value: profileJson },
      { name: 'followers', filename: 'notes.txt', value: 'just some text\nnot followers\n' },
    ]);
    const problem = await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': garbage.type },
        body: garbage.body,
      }),
      422,
      /^notes\.txt: /,
    );
    assert.match(problem.detail, /README\.md#input-formats/);
    assert.doesNotMatch(problem.detail, /profile/);
  });

  it('refuses invalid JSON and a body that fails the schema with 400, naming the fields', async () => {
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '[{"id": ',
      }),
      400,
      /not valid JSON/,
    );
    const problem = await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ followers: [], options: { sample: -1 } }),
      }),
      400,
      /invalid JSON body/,
    );
    assert.ok(problem.errors && problem.errors.length > 0);
  });

  it('refuses invalid options with 400: a model is a bundled name, never a path', async () => {
    for (const query of ['model=../../etc/passwd', 'sample=0', 'seed=x', 'reasons=some', 'colour=red']) {
      const problem = await assertProblem(
        await request(`/api/v1/audits?${query}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-ndjson' },
          body: followersJsonl,
        }),
        400,
        /invalid audit options/,
      );
      assert.ok(problem.errors?.length, query);
    }
    // the problem quotes what was sent: zod's "expected number, received NaN" alone hides it
    const problem = await assertProblem(
      await request('/api/v1/audits?sample=abc', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body: followersJsonl,
      }),
      400,
      /invalid audit options: sample: .*\(sent "abc"\)/,
    );
    assert.match(problem.errors?.[0]?.message ?? '', /\(sent "abc"\)$/);
  });

  it('refuses a content type it cannot take with 415, and unreadable followers with 422', async () => {
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': 'application/xml' },
        body: '<followers/>',
      }),
      415,
      /cannot take a application\/xml body/,
    );
    await assertProblem(
      await request('/api/v1/audits?filename=notes.txt', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: 'just some text\nnot followers\n',
      }),
      422,
      /^notes\.txt: /,
    );
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-ndjson' },
        body: '{"platform":"x","id":"1","followersCount":"lots"}\n',
      }),
      422,
      /no follower could be read/,
    );
    await assertProblem(
      await request('/api/v1/audits', { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: '' }),
      422,
      /empty/,
    );
    // A header and no row: said so, not "0 rejected" as if rows had been read and refused.
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv' },
        body: 'platform,id,handle,followersCount\n',
      }),
      422,
      /no follower could be read: it holds no record \(a CSV with its header alone, or an empty list\)/,
    );
  });
});

describe('reading audits', () => {
  let auditId: number;

  before(async () => {
    auditId = (await submitted(followersJsonl)).id;
  });

  it('pages through the followers by p(fake) with a cursor, each once, and filters by type', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const response = await request(`/api/v1/audits/${auditId}/followers?limit=70${query}`);
      assert.equal(response.status, 200);
      const page = followerPageSchema.parse(await response.json());
      seen.push(...page.followers.map((follower) => follower.pFake));
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.equal(seen.length, 300);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => b - a),
    );
    const ascending = followerPageSchema.parse(
      await (await request(`/api/v1/audits/${auditId}/followers?sort=pFake&limit=5`)).json(),
    );
    assert.equal(ascending.followers[0]?.pFake, seen.at(-1));
    const suspicious = followerPageSchema.parse(
      await (await request(`/api/v1/audits/${auditId}/followers?type=suspicious&limit=500`)).json(),
    );
    assert.ok(suspicious.followers.length > 0);
    assert.ok(
      suspicious.followers.every((follower) => followerResultSchema.parse(follower).type === 'suspicious'),
    );
  });

  it('filters the followers by a p(fake) range and by a reason', async () => {
    const ranged = followerPageSchema.parse(
      await (await request(`/api/v1/audits/${auditId}/followers?minP=0.2&maxP=0.6&limit=500`)).json(),
    );
    assert.ok(ranged.followers.length > 0);
    assert.ok(ranged.followers.every((follower) => follower.pFake >= 0.2 && follower.pFake <= 0.6));
    const withReasons = followerPageSchema.parse(
      await (await request(`/api/v1/audits/${auditId}/followers?limit=50`)).json(),
    );
    const word = withReasons.followers
      .flatMap((follower) => follower.reasons)[0]
      ?.split(' ')
      .at(-1);
    assert.ok(word, 'the most suspicious followers carry reasons');
    const reasoned = followerPageSchema.parse(
      await (
        await request(`/api/v1/audits/${auditId}/followers?reason=${encodeURIComponent(word.toUpperCase())}`)
      ).json(),
    );
    assert.ok(reasoned.followers.length > 0);
    assert.ok(
      reasoned.followers.every((follower) =>
        follower.reasons.some((reason) => reason.toLowerCase().includes(word.toLowerCase())),
      ),
    );
    await assertProblem(await request(`/api/v1/audits/${auditId}/followers?minP=2`), 400, /minP/);
  });

  it('deletes an audit: 204, then 404; a token is needed', async () => {
    const saved = await submitted(demoLines.slice(0, 20).join('\n'));
    assert.equal((await app.request(`/api/v1/audits/${saved.id}`, { method: 'DELETE' })).status, 401);
    assert.equal((await request(`/api/v1/audits/${saved.id}`, { method: 'DELETE' })).status, 204);
    await assertProblem(await request(`/api/v1/audits/${saved.id}`), 404);
    await assertProblem(await request(`/api/v1/audits/${saved.id}`, { method: 'DELETE' }), 404);
  });

  it('lists audits newest first, a page at a time', async () => {
    const first = auditListSchema.parse(await (await request('/api/v1/audits?limit=2')).json());
    assert.equal(first.audits.length, 2);
    assert.equal(first.nextOffset, 2);
    assert.ok((first.audits[0]?.id ?? 0) > (first.audits[1]?.id ?? 0));
  });

  it('answers unknown ids with 404 and malformed ids, queries and cursors with 400', async () => {
    await assertProblem(await request('/api/v1/audits/999999'), 404, /no audit with id 999999/);
    await assertProblem(await request('/api/v1/audits/999999/followers'), 404);
    await assertProblem(await request('/api/v1/audits/abc'), 400, /invalid audit id/);
    await assertProblem(await request('/api/v1/audits/0'), 400);
    await assertProblem(await request(`/api/v1/audits/${auditId}/followers?cursor=nonsense`), 400, /cursor/);
    await assertProblem(await request(`/api/v1/audits/${auditId}/followers?type=robot`), 400, /type/);
    await assertProblem(await request(`/api/v1/audits/${auditId}/followers?limit=501`), 400, /limit/);
    await assertProblem(await request('/api/v1/audits?limit=-1'), 400);
    await assertProblem(await request('/api/v1/profiles/myspace/1/audits'), 400, /platform/);
    await assertProblem(await request('/api/v1/profiles/x/123/audits'), 404, /no saved audit or history/);
    await assertProblem(await request('/api/v1/profiles/x/@nobody/history'), 404);
    await assertProblem(
      await request('/api/v1/nothing-here'),
      404,
      /no API route GET \/api\/v1\/nothing-here/,
    );
    await assertProblem(await request('/api/v2/audits'), 404);
  });
});

describe('bearer tokens', () => {
  it('refuses a call without a token, with a malformed header, an unknown or a revoked token: 401', async () => {
    const missing = await assertProblem(await app.request('/api/v1/audits'), 401, /needs a token/);
    assert.equal(missing.title, 'Unauthorized');
    assert.equal(
      (await app.request('/api/v1/audits/1')).headers.get('www-authenticate'),
      'Bearer realm="realreach"',
    );
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', `Bearer ${token} extra`, 'Bearer bad token']) {
      const response = await app.request('/api/v1/audits', { headers: { Authorization: header } });
      await assertProblem(response, 401);
    }
    const unknown = await app.request('/api/v1/audits', { headers: { Authorization: 'Bearer rr_unknown' } });
    assert.match(unknown.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    await assertProblem(unknown, 401, /unknown or revoked/);
    const revoked = await store.createToken('revoked');
    await store.revokeToken(revoked.id);
    await assertProblem(
      await app.request('/api/v1/audits', { headers: { Authorization: `Bearer ${revoked.token}` } }),
      401,
    );
    await assertProblem(
      await app.request('/api/v1/audits', { method: 'POST', body: followersJsonl }),
      401,
      /needs a token/,
    );
    await assertProblem(await app.request('/api/v1/nothing-here'), 401);
  });
});

describe('a database that is down', () => {
  it('answers 503 problem+json with Retry-After when the store cannot reach its database (issue 11)', async () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const down = overriding(store, () => ({ listAudits: async () => Promise.reject(lost) }));
    const logged: string[] = [];
    const downApp = createApp({ store: down, log: (line) => logged.push(line) });
    const response = await downApp.request('/api/v1/audits', { headers: auth });
    const problem = await assertProblem(response, 503, /database is not answering/);
    assert.equal(problem.title, 'Service Unavailable');
    assert.equal(response.headers.get('retry-after'), '5');
    assert.match(logged.join('\n'), /ECONNREFUSED/);
  });

  it('answers 202 with the job as stored when the database goes away right after its commit (no read-back)', async () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    // a store of its own: the job it stores becomes an audit, which the other tests' counts do not expect
    const own = await openSqliteStore(join(dir, 'read-back-gone.db'));
    let answering = true;
    const ownAuth = { Authorization: `Bearer ${(await own.createToken('test')).token}` };
    // gone while the upload is answered (a worker reading it then retries its shard), back afterwards
    const jobsGone = overriding(own.jobs, () =>
      answering ? { getJob: async () => Promise.reject(lost) } : {},
    );
    const gone = overriding(own, () => ({ jobs: jobsGone }));
    const goneApp = createApp({ store: gone, log: () => {} });
    try {
      const response = await goneApp.request('/api/v1/audits?filename=gone.jsonl', {
        method: 'POST',
        headers: { ...ownAuth, 'Content-Type': 'application/x-ndjson' },
        body: followersJsonl,
      });
      answering = false;
      assert.equal(response.status, 202, await response.clone().text());
      const job = jobSchema.parse(await response.json());
      assert.equal(response.headers.get('location'), `/api/v1/jobs/${job.id}`);
      assert.deepEqual(
        [job.state, job.input, job.progress.total, job.progress.scored],
        ['queued', 'gone.jsonl', 300, 0],
      );
      const stored = await own.jobs.getJob(job.id);
      assert.equal(stored?.createdAt.toISOString(), job.createdAt, 'the job the database holds');
      await auditIdOfJob(own, job.id);
    } finally {
      await own.close();
    }
  });

  it('answers 503 naming the job when its commit cannot be confirmed, for the client to look at it', async () => {
    const unknown = overriding(store.jobs, () => ({
      createJob: async () => {
        throw new JobCommitUnknownError(
          41,
          Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }),
        );
      },
    }));
    const unsure = overriding(store, () => ({ jobs: unknown }));
    const unsureApp = createApp({ store: unsure, log: () => {} });
    const response = await unsureApp.request('/api/v1/audits', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-ndjson' },
      body: followersJsonl,
    });
    const problem = await assertProblem(response, 503, /audit job 41\b.*rather than sending it again/);
    assert.equal(problem.job, '/api/v1/jobs/41');
    assert.equal(response.headers.get('retry-after'), '5');
  });
});

describe('gzip bombs', () => {
  it('refuses a small gzip that inflates past the limit with 413, raw or in a form, saving nothing (issue 11)', async () => {
    const before = await countAudits();
    const cycle = `${demoLines.slice(0, 30).join('\n')}\n`;
    const inflated = Buffer.from(cycle.repeat(Math.ceil((16 * UPLOAD_LIMIT + 1) / cycle.length)));
    const bomb = gzipSync(inflated, { level: 9 });
    assert.ok(
      bomb.length < UPLOAD_LIMIT,
      `the gzip itself (${bomb.length} bytes) is within the upload limit`,
    );
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': 'application/gzip' },
        body: bomb,
      }),
      413,
      /inflates to more than this server's limit of 8 MiB/,
    );
    const form = gzipFollowersForm('f.jsonl.gz', bomb);
    await assertProblem(
      await request('/api/v1/audits', {
        method: 'POST',
        headers: { 'Content-Type': form.type },
        body: form.body,
      }),
      413,
      /inflates/,
    );
    assert.equal(await countAudits(), before, 'nothing saved');
  });
});
