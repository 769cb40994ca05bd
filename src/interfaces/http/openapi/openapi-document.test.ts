import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../../store/dialects/sqlite.ts';
import type { Store } from '../../../store/store.ts';
import { createApp } from '../create-app.tsx';

interface Operation {
  parameters?: { name: string; in: string; schema: { maximum?: number } }[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  security?: unknown[];
}
type OpenApi = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
};

const dir = mkdtempSync(join(tmpdir(), 'realreach-http-'));
let store: Store;
let app: ReturnType<typeof createApp>;
let doc: OpenApi;

before(async () => {
  store = await openSqliteStore(join(dir, 'realreach.db'));
  app = createApp({ store, limits: { followerPageSize: 250 } });
  const response = await app.request('/api/v1/openapi.json');
  assert.equal(response.status, 200, 'served without a token');
  assert.equal(response.headers.get('content-type'), 'application/json');
  doc = (await response.json()) as OpenApi;
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and documents exactly the routes the API serves', () => {
    assert.equal(doc.openapi, '3.1.0');
    // A route with its own middleware (a token check, a body limit) is listed once per handler: counted once.
    const served = [
      ...new Set(
        app.routes
          .filter((route) => route.path.startsWith('/api/v1/') && route.method !== 'ALL')
          .map((route) => `${route.method} ${route.path.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}')}`),
      ),
    ].sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    assert.deepEqual(documented, served);
  });

  it('takes its schemas from the report schema: the report, its followers, every $ref resolving', () => {
    const { schemas } = doc.components;
    assert.deepEqual(schemas.StoredAudit?.properties.report, { $ref: '#/components/schemas/AuditReport' });
    assert.deepEqual(schemas.AuditReport?.properties.mostSuspicious, {
      type: 'array',
      items: { $ref: '#/components/schemas/FollowerResult' },
    });
    for (const ref of refsIn(doc)) {
      const name = ref.replace('#/components/schemas/', '');
      assert.ok(schemas[name], `${ref} resolves`);
    }
  });

  it('answers every call but its own with a 401 problem, and sizes pages by the app limits', () => {
    for (const [path, operations] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(operations)) {
        if (path === '/openapi.json') {
          assert.deepEqual(operation.security, []);
          continue;
        }
        assert.ok(operation.responses['401']?.content?.['application/problem+json'], `${method} ${path}`);
      }
    const limit = doc.paths['/audits/{id}/followers']?.get?.parameters?.find((p) => p.name === 'limit');
    assert.equal(limit?.schema.maximum, 250);
  });
});
