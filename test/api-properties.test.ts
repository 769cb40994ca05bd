// Property tests of every API and dashboard input (fast-check): whatever a client sends — paths, queries, headers, bodies, form fields — the server answers, never with a 5xx, on SQLite and PostgreSQL (issue 11).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { FailureThrottle } from '../src/interfaces/http/auth/failure-throttle.ts';
import { createApp } from '../src/interfaces/http/create-app.tsx';
import { connectPostgres, openPostgresStore } from '../src/store/dialects/postgres.ts';
import { openSqliteStore } from '../src/store/dialects/sqlite.ts';
import type { Store } from '../src/store/store.ts';
import { POSTGRES_URL, postgresSkip } from './postgres-under-test.ts';
import { after, before, describe, it } from './skippable-tests.ts';

const DEMO = resolve(import.meta.dirname, '..', 'examples', 'demo-audience');
const demoLines = readFileSync(join(DEMO, 'followers.jsonl'), 'utf8').trim().split('\n').slice(0, 20);
const RUNS = Number(process.env.REALREACH_PROPERTY_RUNS ?? 60);
const ORIGIN = 'http://localhost';

/** Text a hostile client sends: any unicode, NUL and control characters, percent signs, slashes, dots. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '%00',
    '..',
    '../../etc/passwd',
    '%',
    '%zz',
    '\r\n',
    '@',
    '-1',
    '1e309',
    '9'.repeat(30),
  ),
  fc.string({
    unit: fc.constantFrom('\u0000', '\t', '/', '\\', '%', '@', 'a', '1', '\u202e', '\ud800'),
    maxLength: 12,
  }),
);
/** The text with lone surrogates replaced (encodeURIComponent refuses them; a client cannot send them). */
function wellFormed(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

const pathSegment = fc.oneof(
  hostileText.map((text) => encodeURIComponent(wellFormed(text))),
  // Raw, as a client may send them: malformed percent escapes, an encoded NUL, an encoded slash.
  fc.constantFrom('%zz', '%E0%A4%A', '%00', '%2F', '%C0%AF', '1%00'),
);
const queryValue = fc.oneof(hostileText, fc.integer().map(String));
const queryKey = fc.oneof(
  fc.constantFrom(
    'limit',
    'offset',
    'cursor',
    'type',
    'sort',
    'sample',
    'seed',
    'model',
    'format',
    'reasons',
    'next',
    'filename',
    'observedAt',
    'recentIntake',
    'minP',
    'maxP',
    'reason',
  ),
  hostileText,
);
const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }).map((pairs) => {
  const params = new URLSearchParams();
  for (const [key, value] of pairs) params.append(key, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
});

const getPath = fc.oneof(
  fc.tuple(pathSegment, query).map(([id, q]) => `/api/v1/audits/${id}${q}`),
  fc.tuple(pathSegment, query).map(([id, q]) => `/api/v1/audits/${id}/followers${q}`),
  fc.tuple(fc.constantFrom('1', '2'), query).map(([id, q]) => `/api/v1/audits/${id}/followers${q}`),
  query.map((q) => `/api/v1/audits${q}`),
  fc
    .tuple(pathSegment, pathSegment, fc.constantFrom('audits', 'history'))
    .map(([platform, id, what]) => `/api/v1/profiles/${platform}/${id}/${what}`),
  fc
    .tuple(fc.constantFrom('x', 'mastodon'), pathSegment)
    .map(([platform, id]) => `/api/v1/profiles/${platform}/${id}/audits`),
  fc.tuple(pathSegment, query).map(([id, q]) => `/audits/${id}${q}`),
  fc.tuple(pathSegment, query).map(([id, q]) => `/audits/${id}/followers${q}`),
  fc.tuple(pathSegment, pathSegment).map(([platform, id]) => `/profiles/${platform}/${id}`),
  query.map((q) => `/sign-in${q}`),
  pathSegment.map((segment) => `/${segment}`),
);

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/x-ndjson',
    'text/csv',
    'application/gzip',
    'multipart/form-data; boundary=b',
    'multipart/form-data',
    'text/plain; charset=utf-16',
    'application/problem+json',
  ),
  hostileText,
);
const jsonish = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc
    .array(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), {
      maxLength: 4,
    })
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(...demoLines).map((line) => `[${line}]`),
);
const uploadBody = fc.oneof(
  jsonish,
  fc
    .array(fc.constantFrom(...demoLines, '{"platform":"x","id":"\\u0000"}', '{}', 'garbage', ''), {
      maxLength: 6,
    })
    .map((lines) => lines.join('\n')),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc
    .tuple(fc.string({ maxLength: 10 }), hostileText, fc.constantFrom(...demoLines))
    .map(
      ([name, value, line]) =>
        `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n--b\r\nContent-Disposition: form-data; name="followers"; filename="${value}"\r\n\r\n${line}\r\n--b--\r\n`,
    ),
);

/** What an HTTP client can put in a header at all: printable ASCII (fetch refuses the rest before sending). */
function headerSafe(text: string): string {
  return [...text].filter((char) => char >= ' ' && char <= '~').join('');
}

interface Target {
  name: string;
  skip: string | false;
  open(): Promise<{ store: Store; close(): Promise<void> }>;
}

const dir = mkdtempSync(join(tmpdir(), 'realreach-properties-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const TARGETS: Target[] = [
  {
    name: 'sqlite',
    skip: false,
    async open() {
      const store = await openSqliteStore(join(dir, `${randomBytes(4).toString('hex')}.db`));
      return { store, close: () => store.close() };
    },
  },
  {
    name: 'postgres',
    skip: postgresSkip,
    async open() {
      const schema = `realreach_props_${process.pid}_${randomBytes(4).toString('hex')}`;
      const store = await openPostgresStore({ connectionString: POSTGRES_URL, schema });
      return {
        store,
        async close() {
          await store.close();
          const raw = connectPostgres({ connectionString: POSTGRES_URL });
          await raw.schema.dropSchema(schema).ifExists().cascade().execute();
          await raw.destroy();
        },
      };
    },
  },
];

for (const target of TARGETS) {
  describe(`every API and dashboard input on ${target.name}: an answer, never a 5xx`, {
    skip: target.skip,
  }, () => {
    let opened: Awaited<ReturnType<Target['open']>>;
    let app: ReturnType<typeof createApp>;
    let token: string;
    let cookie: string;
    const failures: string[] = [];

    before(async () => {
      opened = await target.open();
      token = (await opened.store.createToken('properties')).token;
      // No throttling here: the properties send many wrong tokens on purpose.
      app = createApp({
        store: opened.store,
        log: (line) => failures.push(line),
        limits: { uploadBytes: 256 * 1024, jsonBytes: 64 * 1024 },
        throttle: new FailureThrottle({ failures: Number.POSITIVE_INFINITY, windowMs: 1 }),
      });
      const signIn = await app.request('/sign-in', {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, next: '/audits' }),
      });
      cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const seeded = await app.request('/api/v1/audits', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' },
        body: demoLines.join('\n'),
      });
      assert.ok(seeded.status < 300, await seeded.text());
    });
    after(async () => {
      await opened?.close();
    });

    async function answered(response: Response, what: string): Promise<void> {
      await response.arrayBuffer();
      assert.ok(response.status < 500, `${what} answered ${response.status}: ${failures.at(-1) ?? ''}`);
    }

    it('GET any path, query and Authorization header', async () => {
      await fc.assert(
        fc.asyncProperty(
          getPath,
          fc.oneof(fc.constant('token'), fc.constant('cookie'), hostileText),
          async (path, auth) => {
            const headers: Record<string, string> = {};
            if (auth === 'token') headers.Authorization = `Bearer ${token}`;
            else if (auth === 'cookie') headers.Cookie = cookie;
            else headers.Authorization = `Bearer ${headerSafe(auth)}`;
            await answered(await app.request(path, { headers }), `GET ${path}`);
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('POST /api/v1/audits with any content type, query and body', async () => {
      await fc.assert(
        fc.asyncProperty(contentType, query, uploadBody, async (type, q, body) => {
          const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
          const cleanType = headerSafe(type).trim();
          if (cleanType !== '') headers['Content-Type'] = cleanType;
          await answered(
            await app.request(`/api/v1/audits${q}`, { method: 'POST', headers, body }),
            `POST /api/v1/audits${q} (${cleanType})`,
          );
        }),
        { numRuns: RUNS },
      );
    });

    it('the dashboard forms: sign-in (any token, any next) and upload (any body)', async () => {
      await fc.assert(
        fc.asyncProperty(hostileText, hostileText, uploadBody, async (value, next, body) => {
          const signIn = await app.request('/sign-in', {
            method: 'POST',
            headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ token: value, next }),
          });
          await answered(signIn, `sign-in next=${JSON.stringify(next)}`);
          const location = signIn.headers.get('location');
          if (location !== null) assert.match(location, /^\/(?![/\\])/);
          await answered(
            await app.request('/upload', {
              method: 'POST',
              headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=b' },
              body,
            }),
            'upload',
          );
        }),
        { numRuns: RUNS },
      );
    });
  });
}
