// Tests of the rate limiter on a fake clock: window budgets, server headers, 429 pauses, estimates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Clock, RateLimiter } from './rate-limiter.ts';

/** A clock whose sleeps move time on at once, so a test sees exactly when each request would go. */
function fakeClock(): Clock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.time += ms;
    },
  };
  return clock;
}

/** When each of `n` requests is granted, each answered at once without rate-limit headers. */
async function grantTimes(limiter: RateLimiter, clock: { time: number }, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    limiter.observe({}, await limiter.acquire());
    times.push(clock.time);
  }
  return times;
}

describe('RateLimiter', () => {
  it('spends a window’s budget at once, then waits for the next window', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requests: 3, windowMs: 1000 }, clock);
    assert.deepEqual(await grantTimes(limiter, clock, 7), [0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('serves concurrent callers in order', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requests: 2, windowMs: 1000 }, clock);
    const seqs = await Promise.all([1, 2, 3, 4, 5].map(() => limiter.acquire()));
    assert.deepEqual(seqs, [1, 2, 3, 4, 5]);
    assert.equal(clock.time, 2000);
  });

  it('lowers the budget to what the server says remains, counting requests sent after the one it answered', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requests: 100, windowMs: 60_000 }, clock);
    const first = await limiter.acquire();
    await limiter.acquire();
    await limiter.acquire();
    // after request 1 the server had 3 left; requests 2 and 3 have gone since: 1 left until its reset at 5 s
    limiter.observe({ limit: 10, remaining: 3, resetAt: 5000 }, first);
    assert.deepEqual(await grantTimes(limiter, clock, 2), [0, 5000]);
  });

  it('never goes above the configured budget, whatever the server allows', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requests: 2, windowMs: 1000 }, clock);
    const seq = await limiter.acquire();
    limiter.observe({ limit: 300, remaining: 299, resetAt: 300_000 }, seq);
    assert.deepEqual(await grantTimes(limiter, clock, 3), [0, 1000, 1000]);
  });

  it('ignores an older answer in the same window and a late one from an earlier window', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requests: 100, windowMs: 60_000 }, clock);
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    limiter.observe({ remaining: 50, resetAt: 10_000 }, b);
    limiter.observe({ remaining: 0, resetAt: 10_000 }, a); // older: the server has counted more since
    limiter.observe({ remaining: 0, resetAt: 8_000 }, a); // an earlier window's
    assert.deepEqual(await grantTimes(limiter, clock, 2), [0, 0]);
  });

  it('after the server’s window ends, starts again from the limit the server gave', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requests: 100, windowMs: 1000 }, clock);
    const seq = await limiter.acquire();
    limiter.observe({ limit: 2, remaining: 0, resetAt: 1000 }, seq);
    assert.deepEqual(await grantTimes(limiter, clock, 3), [1000, 1000, 2000]);
  });

  it('keeps requests still unanswered at a window’s end out of the next window’s budget', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requests: 100, windowMs: 1000 }, clock);
    const seq = await limiter.acquire();
    limiter.observe({ limit: 3, remaining: 2, resetAt: 1000 }, seq);
    await limiter.acquire(); // answered only after the reset: the server may count it in the next window
    clock.time = 1000;
    assert.deepEqual(await grantTimes(limiter, clock, 3), [1000, 1000, 2000]);
  });

  it('holds every request until the time a 429 named', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requests: 100, windowMs: 60_000 }, clock);
    await limiter.acquire();
    limiter.pauseUntil(7000);
    assert.deepEqual(await grantTimes(limiter, clock, 1), [7000]);
  });

  it('estimates the time left from the budget and the windows still needed', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requests: 10, windowMs: 1000 }, clock);
    assert.equal(limiter.estimateMs(10), 0);
    assert.equal(limiter.estimateMs(11), 1000);
    await grantTimes(limiter, clock, 4);
    clock.time = 250;
    assert.equal(limiter.estimateMs(6), 0);
    assert.equal(limiter.estimateMs(7), 750);
    assert.equal(limiter.estimateMs(27), 2750);
  });

  it('stops waiting when the caller aborts', async () => {
    const limiter = new RateLimiter({ requests: 1, windowMs: 60_000 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stopped'));
    await assert.rejects(waiting, /stopped/);
  });
});
