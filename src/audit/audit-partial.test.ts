import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { openAccountReader, type ReadItem } from '../ingest/read.ts';
import { type Detector, loadDetector } from '../model/detector.ts';
import {
  type AuditOptions,
  auditFollowers,
  auditPart,
  type FollowerInput,
  finishAudit,
} from './audit-followers.ts';
import {
  type AuditPartial,
  mergeAuditPartials,
  parseAuditPartial,
  serializeAuditPartial,
} from './audit-partial.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'demo-audience', 'followers.jsonl');
const INPUT: FollowerInput = { format: { name: 'realreach' }, input: { display: 'memory.jsonl' }, notes: [] };
let items: ReadItem[] = [];
let detector: Detector;

const rejectedAt = (line: number): ReadItem => ({
  ok: false,
  error: { file: 'memory.jsonl', line, field: 'followersCount', reason: 'expected a count' },
});

function batchesOf(list: readonly ReadItem[], batch = 97) {
  return {
    async *batches() {
      for (let start = 0; start < list.length; start += batch) yield list.slice(start, start + batch);
    },
  };
}

const settingsOf = (options: Partial<AuditOptions>): AuditOptions => ({
  detectorFor: async () => detector,
  bootstrapReplicates: 200,
  explainTop: 5,
  tableSize: 30,
  ...options,
});

/** The partial of items[from, to), read as one part (shard) of the list. */
async function partOf(from: number, to: number, options: Partial<AuditOptions>): Promise<AuditPartial> {
  const { partial } = await auditPart(batchesOf(items.slice(from, to)), {
    ...settingsOf(options),
    firstPosition: from,
  });
  return partial;
}

/** Cut points splitting [0, n) into up to `parts` ranges. */
const cutsArbitrary = (n: number) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: n - 1 }), { maxLength: 5 })
    .map((cuts) => [0, ...cuts.sort((a, b) => a - b), n]);

before(async () => {
  detector = await loadDetector('x');
  for await (const item of await openAccountReader(DEMO)) items.push(item);
  items = items.slice(0, 600);
  items.splice(40, 0, rejectedAt(41));
  items.splice(333, 0, rejectedAt(334));
});

describe('audit partials', () => {
  for (const [name, options] of [
    ['every follower', {}],
    ['every follower in follow order', { recentIntake: true }],
    ['a seeded sample', { sampleSize: 150, seed: 9 }],
  ] as const) {
    it(`merge to the report of one pass, whatever the parts and the grouping (${name})`, async () => {
      const whole = await auditFollowers({ ...INPUT, ...batchesOf(items) }, settingsOf(options));
      await fc.assert(
        fc.asyncProperty(cutsArbitrary(items.length), fc.boolean(), async (cuts, rightToLeft) => {
          const parts: AuditPartial[] = [];
          for (let i = 0; i + 1 < cuts.length; i++)
            parts.push(await partOf(cuts[i] as number, cuts[i + 1] as number, options));
          const merged = rightToLeft
            ? parts.reduceRight((sum, part) => mergeAuditPartials(part, sum))
            : parts.reduce((sum, part) => mergeAuditPartials(sum, part));
          const result = finishAudit(
            parseAuditPartial(serializeAuditPartial(merged)),
            INPUT,
            detector,
            settingsOf(options),
          );
          assert.deepEqual(result, whole);
        }),
        { numRuns: 6 },
      );
    });
  }

  it('merge is associative and commutative', async () => {
    const n = items.length;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: n }),
        fc.integer({ min: 0, max: n }),
        fc.integer({ min: 0, max: n }),
        fc.boolean(),
        async (x, y, z, sampled) => {
          const options = sampled ? { sampleSize: 40 } : { recentIntake: true };
          const [p, q, r] = [x, y, z].sort((s, t) => s - t) as [number, number, number];
          const a = await partOf(0, p, options);
          const b = await partOf(p, q, options);
          const c = await partOf(q, r, options);
          assert.deepEqual(
            mergeAuditPartials(mergeAuditPartials(a, b), c),
            mergeAuditPartials(a, mergeAuditPartials(b, c)),
          );
          assert.deepEqual(mergeAuditPartials(a, b), mergeAuditPartials(b, a));
        },
      ),
      { numRuns: 8 },
    );
  });

  it('refuses to merge parts of audits with different settings or models', async () => {
    const a = await partOf(0, 50, {});
    const b = await partOf(50, 100, { seed: 2 });
    assert.throws(() => mergeAuditPartials(a, b), /different audits/);
    assert.throws(() => mergeAuditPartials(a, { ...a, model: 'general' }), /different models/);
  });
});
