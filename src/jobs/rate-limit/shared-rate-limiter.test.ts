// The shared limiter over in-process slots: limiters of one bucket space their requests together, other keys do not wait on them, a 429 seen by one pauses the others, and the key is kept only as a hash.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LimiterBucket } from '../../connectors/requests/request-limiter.ts';
import { InProcessRateSlots } from './rate-slots.ts';
import { SharedRateLimiter, SLOT_MARGIN, slotBucketOf } from './shared-rate-limiter.ts';

const bucket = (credential?: string): LimiterBucket => ({
  platform: 'x',
  service: 'https://api.x.com',
  purpose: 'followers',
  limit: { requests: 10, windowMs: 500 },
  ...(credential === undefined ? {} : { credential }),
});

async function grantTimes(limiters: SharedRateLimiter[], each: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    limiters.map(async (limiter) => {
      for (let i = 0; i < each; i++) {
        await limiter.acquire();
        times.push(performance.now());
      }
    }),
  );
  return times.sort((a, b) => a - b);
}

describe('SharedRateLimiter', () => {
  it('spaces the requests of two limiters on one bucket as one budget', async () => {
    const slots = new InProcessRateSlots();
    const started = performance.now();
    const times = await grantTimes(
      [new SharedRateLimiter(slots, bucket('k')), new SharedRateLimiter(slots, bucket('k'))],
      6,
    );
    const interval = (500 / 10) * SLOT_MARGIN;
    // 12 grants: the last no sooner than 11 intervals after the start (timers fire late, never more than ~1 ms
    // early; a grant seen late cannot make this shorter). Two budgets would end after 5 intervals.
    assert.ok(
      (times.at(-1) as number) - started >= 11 * interval - 3,
      `${times.map((t) => t - started).join(', ')}`,
    );
  });

  it('keeps each API key apart: another key does not wait on this one', async () => {
    const slots = new InProcessRateSlots();
    const busy = new SharedRateLimiter(slots, bucket('busy'));
    // ten requests of the busy key reserve the next 10 × 52.5 ms of its bucket
    const queued = Promise.all(Array.from({ length: 10 }, () => busy.acquire()));
    await new Promise((done) => setImmediate(done));
    const started = performance.now();
    await new SharedRateLimiter(slots, bucket('idle')).acquire();
    assert.ok(performance.now() - started < 250, `${performance.now() - started} ms`);
    await queued;
  });

  it('pauses every limiter of the bucket when one is told of a 429', async () => {
    const slots = new InProcessRateSlots();
    const told = new SharedRateLimiter(slots, bucket('k'));
    const other = new SharedRateLimiter(slots, bucket('k'));
    await told.acquire();
    told.pauseUntil(Date.now() + 300);
    const started = performance.now();
    await other.acquire();
    assert.ok(performance.now() - started >= 295, `${performance.now() - started} ms`);
  });

  it('names a bucket by a hash: the key is not in it', () => {
    const named = slotBucketOf(bucket('secret-bearer-token'));
    assert.match(named.id, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(named).includes('secret-bearer-token'));
    assert.notEqual(named.id, slotBucketOf(bucket('another-token')).id);
  });

  it('spaces every limiter of the bucket at a lower limit the platform states, over the window its policy names', async () => {
    const slots = new InProcessRateSlots();
    const told = new SharedRateLimiter(slots, bucket('k'));
    const other = new SharedRateLimiter(slots, bucket('k'));
    await told.acquire();
    // 5 requests per 1 s: 4 times the budget's spacing (10 per 500 ms)
    told.observe({ limit: 5, remaining: 4, windowMs: 1000 }, 1);
    const started = performance.now();
    const times = await grantTimes([other], 4);
    const spacing = (1000 / 5) * SLOT_MARGIN;
    // the first grant waits one spacing after `told`'s, each next another
    assert.ok(
      (times.at(-1) as number) - started >= 3 * spacing - 3,
      `${times.map((t) => t - started).join(', ')}`,
    );
    assert.ok(other.estimateMs(10) >= 10 * (500 / 10) * SLOT_MARGIN);
  });

  it('keeps to its own budget when the platform states a higher limit, and forgets a lower one the platform lifts', async () => {
    const slots = new InProcessRateSlots();
    const told = new SharedRateLimiter(slots, bucket('k'));
    told.observe({ limit: 2 }, 1);
    told.observe({ limit: 1000 }, 2);
    const other = new SharedRateLimiter(slots, bucket('k'));
    const started = performance.now();
    const times = await grantTimes([other], 6);
    const budget = (500 / 10) * SLOT_MARGIN;
    assert.ok((times.at(-1) as number) - started >= 5 * budget - 3, 'never faster than the budget');
    // at the lifted limit's 2 per 500 ms, six grants would take 5 × 262 ms
    assert.ok(
      (times.at(-1) as number) - started < 5 * (500 / 2) * SLOT_MARGIN,
      `${times.map((t) => t - started).join(', ')}`,
    );
  });
});
