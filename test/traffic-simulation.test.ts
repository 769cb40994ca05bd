// A seeded traffic simulation with known truth through the real redirect-only server: people (some clicking again), X and Mastodon preview fetchers, chat-app previews, crawlers with their real user agents, HEAD link checkers, prefetches, scripts and a few crawlers posing as browsers. Human-click precision and recall, and every bot reason accounted for.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HitRecorder } from '../src/interfaces/http/redirect/hit-recorder.ts';
import { createRedirectServer } from '../src/interfaces/http/redirect/redirect-routes.ts';
import { loadCampaignReport } from '../src/store/campaign-report-loader.ts';
import type { HitReason } from '../src/value/click-verdict.ts';
import { REPEAT_WINDOW_MS } from '../src/value/repeat-window.ts';
import { postgresSkip } from './postgres-under-test.ts';
import { openTestStore, TEST_DIALECTS, type TestStore } from './value-test-stores.ts';

/** mulberry32: a small seeded generator, so the run is the same every time. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BROWSERS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 337.0.3.23.54 (iPhone14,5; iOS 17_5; en_US; en; scale=3.00; 1170x2532; 618329915)',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.44.108;FBBV/610000000;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.165 Mobile Safari/537.36 Instagram 334.0.0.42.95 Android (34/14; 480dpi; 1080x2340; samsung; SM-S918B; dm3q; qcom; en_US; 610498383)',
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240605.024; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/470.0.0.41.109;]',
];
const CRAWLERS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)',
  'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.6478.126 Safari/537.36',
  'python-requests/2.32.3',
  'Go-http-client/1.1',
  'curl/8.8.0',
];
const CHAT_PREVIEWS = [
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
  'TelegramBot (like TwitterBot)',
  'WhatsApp/2.24.12.78 A',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
  'Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)',
];

/**
 * One request over a kept-alive connection, its body read: the status and the Location header. (node:http, not fetch:
 * undici's own work was the largest part of this test's CPU time.)
 */
function send(
  url: string,
  agent: Agent,
  method: 'GET' | 'HEAD',
  headers: Record<string, string>,
): Promise<{ status: number; location: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { agent, method, headers }, (response) => {
      response.resume();
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? '' }),
      );
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** One request of the simulation, with what it truly is. */
interface SimulatedHit {
  at: number;
  link: number;
  ip: string;
  userAgent: string;
  method: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  truth: 'human' | 'human-again' | 'stealth' | Exclude<HitReason, 'human' | 'repeat'>;
  /** For people: who it is (two people may share an IP and a browser behind one NAT). */
  person?: number;
}

const START = Date.UTC(2026, 5, 1, 6);
const HOUR = 60 * 60 * 1000;

function simulate(links: number, random: () => number): SimulatedHit[] {
  const hits: SimulatedHit[] = [];
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const ipv4 = () =>
    `198.${18 + Math.floor(random() * 2)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;
  const ipv6 = () =>
    `2001:db8:${Math.floor(random() * 65536).toString(16)}::${Math.floor(random() * 65536).toString(16)}`;
  const within = (hours: number) => START + Math.floor(random() * hours * HOUR);

  // People: 1,500, each clicking one link once, some again within the hour, some again hours later.
  const people = Array.from({ length: 1500 }, (_, person) => ({
    person,
    ip: random() < 0.3 ? ipv6() : ipv4(),
    userAgent: pick(BROWSERS),
    link: Math.floor(random() * links),
  }));
  // 1 % share an office NAT and the same browser build with someone else: the visitor key cannot tell them apart.
  for (let i = 0; i < 15; i += 1) {
    const a = people[i * 2] as (typeof people)[number];
    const b = people[i * 2 + 1] as (typeof people)[number];
    b.ip = a.ip;
    b.userAgent = a.userAgent;
    b.link = a.link;
  }
  for (const person of people) {
    const first = within(40);
    const referer = pick([
      'https://mastodon.social/@ana/112',
      'https://t.co/abc',
      'https://www.instagram.com/',
      '',
    ]);
    const base = {
      link: person.link,
      ip: person.ip,
      userAgent: person.userAgent,
      method: 'GET' as const,
      person: person.person,
    };
    const headers: Record<string, string> = referer === '' ? {} : { Referer: referer };
    hits.push({ ...base, at: first, truth: 'human', headers });
    const roll = random();
    if (roll < 0.25)
      hits.push({ ...base, at: first + Math.floor(random() * 50 * 60_000), truth: 'human-again' });
    else if (roll < 0.35)
      hits.push({ ...base, at: first + 2 * HOUR + Math.floor(random() * 5 * HOUR), truth: 'human-again' });
  }
  // X: one GET and three HEADs from Twitterbot for each of 40 posts sharing a link.
  for (let post = 0; post < 40; post += 1) {
    const at = within(40);
    const link = post % links;
    const ip = `199.16.156.${1 + (post % 250)}`;
    hits.push({ at, link, ip, userAgent: 'Twitterbot/1.0', method: 'GET', truth: 'link-preview' });
    for (let head = 1; head <= 3; head += 1)
      hits.push({
        at: at + head * 150,
        link,
        ip,
        userAgent: 'Twitterbot/1.0',
        method: 'HEAD',
        truth: 'head-request',
      });
  }
  // Mastodon: each of 12 posts is fetched by every instance that sees it (20 to 150 of them), within a minute.
  for (let post = 0; post < 12; post += 1) {
    const at = within(40);
    const instances = 20 + Math.floor(random() * 130);
    for (let instance = 0; instance < instances; instance += 1) {
      const software = random();
      const userAgent =
        software < 0.8
          ? `http.rb/5.1.1 (Mastodon/4.2.${instance % 10}; +https://instance${instance}.social/)`
          : software < 0.9
            ? `Akkoma 3.13.2; https://akkoma${instance}.example <admin@akkoma${instance}.example>`
            : `Misskey/2024.5.0 (https://misskey${instance}.example)`;
      hits.push({
        at: at + Math.floor(random() * 60_000),
        link: post % links,
        ip: ipv4(),
        userAgent,
        method: 'GET',
        truth: 'link-preview',
      });
    }
  }
  // Chat apps and other cards: 150 previews.
  for (let i = 0; i < 150; i += 1)
    hits.push({
      at: within(40),
      link: i % links,
      ip: ipv4(),
      userAgent: pick(CHAT_PREVIEWS),
      method: 'GET',
      truth: 'link-preview',
    });
  // Crawlers and scripts with their real user agents: 400, some coming back again and again.
  for (let i = 0; i < 400; i += 1) {
    const userAgent = pick(CRAWLERS);
    hits.push({
      at: within(40),
      link: i % links,
      ip: ipv4(),
      userAgent,
      method: 'GET',
      truth: 'bot-user-agent',
    });
  }
  // Link checkers sending HEAD with a browser's user agent: 120.
  for (let i = 0; i < 120; i += 1)
    hits.push({
      at: within(40),
      link: i % links,
      ip: ipv4(),
      userAgent: pick(BROWSERS),
      method: 'HEAD',
      truth: 'head-request',
    });
  // Browser prefetches (speculation rules) that may never become a visit: 60.
  for (let i = 0; i < 60; i += 1)
    hits.push({
      at: within(40),
      link: i % links,
      ip: ipv4(),
      userAgent: pick(BROWSERS),
      method: 'GET',
      headers: { 'Sec-Purpose': 'prefetch;prerender' },
      truth: 'prefetch',
    });
  // Scripts with no user agent at all: 50.
  for (let i = 0; i < 50; i += 1)
    hits.push({
      at: within(40),
      link: i % links,
      ip: ipv4(),
      userAgent: '',
      method: 'GET',
      truth: 'empty-user-agent',
    });
  // Crawlers posing as a browser: 12 (a user agent cannot reveal them; they are the error the figures admit).
  for (let i = 0; i < 12; i += 1)
    hits.push({
      at: within(40),
      link: i % links,
      ip: ipv4(),
      userAgent: pick(BROWSERS),
      method: 'GET',
      truth: 'stealth',
    });

  return hits.sort((a, b) => a.at - b.at);
}

/** Which simulated hits are human clicks that count: a person's first on a link, then again after an hour. */
function countedTruth(hits: SimulatedHit[]): boolean[] {
  const last = new Map<string, number>();
  return hits.map((hit) => {
    if (hit.truth !== 'human' && hit.truth !== 'human-again') return false;
    const key = `${hit.person}:${hit.link}`;
    const previous = last.get(key);
    if (previous !== undefined && hit.at - previous < REPEAT_WINDOW_MS) return false;
    last.set(key, hit.at);
    return true;
  });
}

for (const dialect of TEST_DIALECTS)
  describe(`traffic simulation through the redirect-only server on ${dialect} (seeded, known truth)`, {
    skip: dialect === 'postgres' ? postgresSkip : false,
  }, () => {
    let test: TestStore;
    before(async () => {
      test = await openTestStore(dialect);
    });
    after(async () => {
      await test.close();
    });

    it('finds human clicks with precision and recall >= 0.98, and every bot reason adds up', async () => {
      const { store } = test;
      const campaign = await store.value.createCampaign({
        name: 'simulation',
        brand: null,
        startsOn: null,
        endsOn: null,
        cost: { minor: 500_000, currency: 'EUR' },
        profiles: [],
      });
      const slugs: string[] = [];
      for (const handle of ['ana', 'ben', 'cleo']) {
        const link = await store.value.createLink({
          campaignId: campaign.id,
          profile: { platform: 'mastodon', id: null, handle },
          target: `https://shop.example/${handle}`,
        });
        assert.ok(link);
        slugs.push(link.slug);
      }
      const hits = simulate(slugs.length, seeded(13));
      const truth = countedTruth(hits);

      let now = START;
      const recorder = new HitRecorder(store.value, { maxDelayMs: 50 });
      const server = createRedirectServer(
        { store: store.value, hits: recorder, trustProxy: true, clock: () => now },
        () => {},
      );
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const clickIds: string[] = [];
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (const hit of hits) {
          now = hit.at;
          const response = await send(`${base}/r/${slugs[hit.link]}`, agent, hit.method, {
            'User-Agent': hit.userAgent,
            'X-Forwarded-For': hit.ip,
            ...hit.headers,
          });
          assert.equal(response.status, 302);
          const location = new URL(response.location);
          assert.equal(
            `${location.origin}${location.pathname}`,
            `https://shop.example/${['ana', 'ben', 'cleo'][hit.link]}`,
          );
          clickIds.push(location.searchParams.get('rr_click') ?? '');
        }
      } finally {
        agent.destroy();
        server.close();
        await recorder.close();
      }

      const stored = new Map(
        (await test.raw.selectFrom('click_hits').select(['click_id', 'reason']).execute()).map((row) => [
          row.click_id,
          row.reason,
        ]),
      );
      assert.equal(stored.size, hits.length, 'every hit is stored');
      let truePositives = 0;
      let falsePositives = 0;
      let falseNegatives = 0;
      const byTruth = new Map<string, Map<string, number>>();
      hits.forEach((hit, index) => {
        const reason = stored.get(clickIds[index] as string);
        const predicted = reason === 'human';
        if (predicted && truth[index]) truePositives += 1;
        else if (predicted) falsePositives += 1;
        else if (truth[index]) falseNegatives += 1;
        const row = byTruth.get(hit.truth) ?? new Map<string, number>();
        row.set(reason ?? 'missing', (row.get(reason ?? 'missing') ?? 0) + 1);
        byTruth.set(hit.truth, row);
      });
      const precision = truePositives / (truePositives + falsePositives);
      const recall = truePositives / (truePositives + falseNegatives);
      const table = [...byTruth].map(
        ([kind, reasons]) => `${kind}: ${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}`,
      );
      console.log(
        `simulation on ${dialect}: ${hits.length} hits, ${truth.filter(Boolean).length} counted human clicks in truth; ` +
          `precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)} (TP ${truePositives}, FP ${falsePositives}, FN ${falseNegatives})\n  ${table.join('\n  ')}`,
      );
      assert.ok(precision >= 0.98, `precision ${precision}`);
      assert.ok(recall >= 0.98, `recall ${recall}`);

      // The report's reasons add up to every hit, and each bot kind lands under its own reason.
      const report = await loadCampaignReport(store, campaign.id);
      assert.ok(report);
      const reasons = report.hitReasons;
      assert.equal(
        Object.values(reasons).reduce((sum, count) => sum + count, 0),
        hits.length,
      );
      const count = (kind: SimulatedHit['truth']) => hits.filter((hit) => hit.truth === kind).length;
      assert.equal(reasons['link-preview'], count('link-preview'));
      assert.equal(reasons['head-request'], count('head-request'));
      assert.equal(reasons.prefetch, count('prefetch'));
      assert.equal(reasons['empty-user-agent'], count('empty-user-agent'));
      assert.equal(reasons['bot-user-agent'], count('bot-user-agent'));
      assert.equal(reasons.human + reasons.repeat, count('human') + count('human-again') + count('stealth'));
      assert.equal(report.total.humanClicks, truePositives + falsePositives);
    });
  });
