// The value stage's store on both dialects: campaigns, links, hits, salts, conversions kept once, webhook replays, activity.
import assert from 'node:assert/strict';
import { InputError } from '../src/core/errors.ts';
import { loadCampaignReport } from '../src/store/campaign-report-loader.ts';
import type { ClickHit } from '../src/value/campaign.ts';
import { postgresSkip } from './postgres-under-test.ts';
import { describe, it } from './skippable-tests.ts';
import { openTestStore, TEST_DIALECTS } from './value-test-stores.ts';

const ana = { platform: 'x' as const, id: null, handle: 'ana' };

function hit(linkId: number, index: number, fields: Partial<ClickHit> = {}): ClickHit {
  return {
    clickId: `click-${linkId}-${index}`,
    linkId,
    at: new Date(Date.UTC(2026, 5, 1, 12, 0, index)),
    visitorKey: `visitor-${index}`,
    referrerHost: 'mastodon.social',
    method: 'GET',
    reason: 'human',
    ...fields,
  };
}

for (const dialect of TEST_DIALECTS) {
  describe(`value store on ${dialect}`, { skip: dialect === 'postgres' ? postgresSkip : false }, () => {
    it('keeps campaigns with their profiles and links with unique slugs', async () => {
      const { store, close } = await openTestStore(dialect);
      try {
        const campaign = await store.value.createCampaign({
          name: 'Spring',
          brand: 'Acme',
          startsOn: '2026-06-01',
          endsOn: '2026-06-30',
          cost: { minor: 250_000_000_000, currency: 'EUR' },
          profiles: [{ profile: ana, cost: { minor: 1000, currency: 'EUR' } }],
        });
        assert.equal(campaign.cost.minor, 250_000_000_000);
        assert.deepEqual(campaign.profiles, [{ profile: ana, cost: { minor: 1000, currency: 'EUR' } }]);
        const ben = { platform: 'mastodon' as const, id: '109', handle: 'ben' };
        const first = await store.value.createLink({
          campaignId: campaign.id,
          profile: ben,
          target: 'https://shop.example/a',
        });
        const second = await store.value.createLink({
          campaignId: campaign.id,
          profile: ben,
          target: 'https://shop.example/b',
        });
        assert.ok(first && second);
        assert.notEqual(first.slug, second.slug);
        assert.match(first.slug, /^[A-Za-z0-9_-]{8}$/);
        assert.deepEqual(await store.value.findLink(first.slug), {
          id: first.id,
          target: 'https://shop.example/a',
        });
        assert.equal(await store.value.findLink('nosuchslug'), undefined);
        assert.equal(
          await store.value.createLink({ campaignId: 999, profile: ben, target: 'https://x.example/' }),
          undefined,
        );
        const reread = await store.value.getCampaign(campaign.id);
        assert.equal(reread?.profiles.length, 2);
        assert.deepEqual(
          (await store.value.listLinks(campaign.id)).map((link) => link.slug),
          [first.slug, second.slug],
        );
      } finally {
        await close();
      }
    });

    it('stores batches of hits, one salt per day for every caller, and deletes old salts', async () => {
      const { store, raw, close } = await openTestStore(dialect);
      try {
        const salts = await Promise.all([
          store.value.visitorSalt('2026-06-01'),
          store.value.visitorSalt('2026-06-01'),
        ]);
        assert.equal(salts[0], salts[1]);
        await store.value.visitorSalt('2026-06-03');
        const days = (await raw.selectFrom('visitor_salts').select('day').orderBy('day').execute()).map(
          (row) => row.day,
        );
        assert.deepEqual(days, ['2026-06-03']);
        await store.value.addHits(Array.from({ length: 1000 }, (_, index) => hit(1, index)));
        await store.value.addHits([]);
        assert.equal(await store.value.countHits(), 1000);
      } finally {
        await close();
      }
    });

    it('keeps a conversion once per kind and shop id, refuses unknown campaigns, and refuses webhook replays', async () => {
      const { store, close } = await openTestStore(dialect);
      try {
        const campaign = await store.value.createCampaign({
          name: 'C',
          brand: null,
          startsOn: null,
          endsOn: null,
          cost: { minor: 100, currency: 'EUR' },
          profiles: [],
        });
        const sale = {
          kind: 'sale' as const,
          campaignId: campaign.id,
          externalId: 'order-1',
          clickId: null,
          amount: { minor: 4990, currency: 'EUR' },
          code: null,
          occurredAt: new Date(),
          source: 'api' as const,
        };
        const first = await store.value.addConversion(sale);
        const again = await store.value.addConversion({ ...sale, amount: { minor: 1, currency: 'EUR' } });
        assert.equal(first.duplicate, false);
        assert.equal(again.duplicate, true);
        assert.equal(again.conversion.id, first.conversion.id);
        assert.deepEqual(again.conversion.amount, { minor: 4990, currency: 'EUR' });
        const lead = await store.value.addConversion({ ...sale, kind: 'lead', amount: null });
        assert.equal(lead.duplicate, false);
        await assert.rejects(store.value.addConversion({ ...sale, campaignId: 999 }), InputError);
        const unattributed = await store.value.addConversion({ ...sale, campaignId: null, externalId: null });
        assert.equal(unattributed.conversion.campaignId, null);
        const now = new Date();
        assert.equal(await store.value.recordWebhookDelivery('sig-a', now), true);
        assert.equal(await store.value.recordWebhookDelivery('sig-a', now), false);
        assert.equal(await store.value.recordWebhookDelivery('sig-b', now), true);
      } finally {
        await close();
      }
    });

    it('gives a campaign its activity: hits by day and reason, human hits, conversions with their clicks', async () => {
      const { store, close } = await openTestStore(dialect);
      try {
        const campaign = await store.value.createCampaign({
          name: 'C',
          brand: null,
          startsOn: null,
          endsOn: null,
          cost: { minor: 50_000, currency: 'EUR' },
          profiles: [],
        });
        const link = await store.value.createLink({
          campaignId: campaign.id,
          profile: ana,
          target: 'https://shop.example/',
        });
        assert.ok(link);
        await store.value.addHits([
          hit(link.id, 1),
          hit(link.id, 2, { reason: 'link-preview' }),
          hit(link.id, 3, { reason: 'head-request', method: 'HEAD' }),
          hit(link.id, 4, { at: new Date(Date.UTC(2026, 5, 2, 23, 59, 59)) }),
          hit(999, 5),
        ]);
        await store.value.addConversion({
          kind: 'sale',
          campaignId: null,
          externalId: 'o-1',
          clickId: `click-${link.id}-1`,
          amount: { minor: 10_000, currency: 'EUR' },
          code: null,
          occurredAt: new Date(Date.UTC(2026, 5, 3)),
          source: 'webhook',
        });
        const activity = await store.value.campaignActivity(campaign.id);
        assert.ok(activity);
        const counts = activity.hitCounts.map((row) => `${row.day} ${row.reason} ${row.count}`).sort();
        assert.deepEqual(counts, [
          '2026-06-01 head-request 1',
          '2026-06-01 human 1',
          '2026-06-01 link-preview 1',
          '2026-06-02 human 1',
        ]);
        assert.equal(activity.humanHits.length, 2);
        assert.equal(activity.conversions.length, 1);
        assert.deepEqual(activity.conversions[0]?.click, {
          linkId: link.id,
          at: new Date(Date.UTC(2026, 5, 1, 12, 0, 1)),
          reason: 'human',
        });
        const report = await loadCampaignReport(store, campaign.id);
        assert.equal(report?.total.humanClicks, 2);
        assert.equal(report?.total.conversions.sale, 1);
        assert.equal(report?.total.returnOnSpend, 0.2);
        assert.equal(await store.value.campaignActivity(999), undefined);
      } finally {
        await close();
      }
    });
  });
}
