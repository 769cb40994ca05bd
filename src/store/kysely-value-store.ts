// The ValueStore over Kysely: campaigns, links, hits and conversions, the same queries for SQLite and PostgreSQL.
import { randomBytes } from 'node:crypto';
import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { InputError } from '../core/errors.ts';
import type { Campaign, ClickHit, Conversion, ConversionInput, TrackedLink } from '../value/campaign.ts';
import type { HitReason } from '../value/click-verdict.ts';
import type { Money } from '../value/money.ts';
import { newDailySalt } from '../value/visitor-key.ts';
import type { Database } from './database.ts';
import type { ProfileRef } from './store.ts';
import type { LinkTarget, NewCampaign, NewLink, StoredCampaignActivity, ValueStore } from './value-store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The profile's row id, made when new: KyselyStore's, handed in so both stores find profiles the same way. */
export type EnsureProfile = (db: Kysely<Database>, profile: ProfileRef) => Promise<number>;

function readTime(value: Date | string): Date {
  return new Date(value);
}

/** PostgreSQL's bigint arrives as text. */
function readCount(value: number | string): number {
  return Number(value);
}

function readMoney(minor: number | string | null, currency: string | null): Money | null {
  return minor === null || currency === null ? null : { minor: readCount(minor), currency };
}

/** 8 URL-safe characters (48 random bits): short to type, too many to guess. */
function newSlug(): string {
  return randomBytes(6).toString('base64url');
}

interface ConversionRow {
  id: number;
  campaign_id: number | null;
  kind: Conversion['kind'];
  external_id: string | null;
  click_id: string | null;
  amount_minor: number | string | null;
  currency: string | null;
  code: string | null;
  occurred_at: Date | string;
  received_at: Date | string;
  source: Conversion['source'];
}

function conversionOf(row: ConversionRow): Conversion {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    kind: row.kind,
    externalId: row.external_id,
    clickId: row.click_id,
    amount: readMoney(row.amount_minor, row.currency),
    code: row.code,
    occurredAt: readTime(row.occurred_at),
    receivedAt: readTime(row.received_at),
    source: row.source,
  };
}

export class KyselyValueStore implements ValueStore {
  readonly #db: Kysely<Database>;
  readonly #reader: Kysely<Database>;
  readonly #sqlite: boolean;
  readonly #ensureProfile: EnsureProfile;

  constructor(db: Kysely<Database>, ensureProfile: EnsureProfile, reader: Kysely<Database> = db) {
    this.#db = db;
    this.#ensureProfile = ensureProfile;
    this.#reader = reader;
    this.#sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  }

  async createCampaign(campaign: NewCampaign): Promise<Campaign> {
    const id = await this.#db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('campaigns')
        .values({
          name: campaign.name,
          brand: campaign.brand,
          starts_on: campaign.startsOn,
          ends_on: campaign.endsOn,
          cost_minor: campaign.cost.minor,
          currency: campaign.cost.currency,
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const entry of campaign.profiles) {
        const profileId = await this.#ensureProfile(trx, entry.profile);
        await trx
          .insertInto('campaign_profiles')
          .values({ campaign_id: id, profile_id: profileId, cost_minor: entry.cost?.minor ?? null })
          .onConflict((conflict) => conflict.columns(['campaign_id', 'profile_id']).doNothing())
          .execute();
      }
      return id;
    });
    const created = await this.getCampaign(id);
    if (created === undefined) throw new Error(`campaign ${id} was saved but cannot be read back`);
    return created;
  }

  async #campaignProfiles(ids: number[]): Promise<Map<number, Campaign['profiles']>> {
    const byCampaign = new Map<number, Campaign['profiles']>();
    if (ids.length === 0) return byCampaign;
    const rows = await this.#reader
      .selectFrom('campaign_profiles')
      .innerJoin('profiles', 'profiles.id', 'campaign_profiles.profile_id')
      .innerJoin('campaigns', 'campaigns.id', 'campaign_profiles.campaign_id')
      .select([
        'campaign_profiles.campaign_id',
        'campaign_profiles.cost_minor',
        'campaigns.currency',
        'profiles.platform',
        'profiles.platform_id',
        'profiles.handle',
      ])
      .where('campaign_profiles.campaign_id', 'in', ids)
      .orderBy('campaign_profiles.campaign_id')
      .orderBy('profiles.id')
      .execute();
    for (const row of rows) {
      const list = byCampaign.get(row.campaign_id) ?? [];
      list.push({
        profile: { platform: row.platform, id: row.platform_id, handle: row.handle },
        cost: readMoney(row.cost_minor, row.currency),
      });
      byCampaign.set(row.campaign_id, list);
    }
    return byCampaign;
  }

  async #campaigns(id?: number): Promise<Campaign[]> {
    let query = this.#reader.selectFrom('campaigns').selectAll().orderBy('id', 'desc');
    if (id !== undefined) query = query.where('id', '=', id);
    const rows = await query.execute();
    const profiles = await this.#campaignProfiles(rows.map((row) => row.id));
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      brand: row.brand,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      cost: { minor: readCount(row.cost_minor), currency: row.currency },
      createdAt: readTime(row.created_at),
      profiles: profiles.get(row.id) ?? [],
    }));
  }

  async getCampaign(id: number): Promise<Campaign | undefined> {
    return (await this.#campaigns(id))[0];
  }

  listCampaigns(): Promise<Campaign[]> {
    return this.#campaigns();
  }

  async createLink(link: NewLink): Promise<TrackedLink | undefined> {
    const id = await this.#db.transaction().execute(async (trx) => {
      const campaign = await trx
        .selectFrom('campaigns')
        .select('id')
        .where('id', '=', link.campaignId)
        .executeTakeFirst();
      if (campaign === undefined) return undefined;
      const profileId = await this.#ensureProfile(trx, link.profile);
      await trx
        .insertInto('campaign_profiles')
        .values({ campaign_id: link.campaignId, profile_id: profileId, cost_minor: null })
        .onConflict((conflict) => conflict.columns(['campaign_id', 'profile_id']).doNothing())
        .execute();
      const { id } = await trx
        .insertInto('tracked_links')
        .values({
          campaign_id: link.campaignId,
          profile_id: profileId,
          slug: newSlug(),
          target: link.target,
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    });
    if (id === undefined) return undefined;
    return (await this.#links({ id }))[0];
  }

  async #links(where: { id?: number; campaignId?: number }): Promise<TrackedLink[]> {
    let query = this.#reader
      .selectFrom('tracked_links')
      .innerJoin('profiles', 'profiles.id', 'tracked_links.profile_id')
      .select([
        'tracked_links.id',
        'tracked_links.campaign_id',
        'tracked_links.slug',
        'tracked_links.target',
        'tracked_links.created_at',
        'profiles.platform',
        'profiles.platform_id',
        'profiles.handle',
      ])
      .orderBy('tracked_links.id');
    if (where.id !== undefined) query = query.where('tracked_links.id', '=', where.id);
    if (where.campaignId !== undefined)
      query = query.where('tracked_links.campaign_id', '=', where.campaignId);
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      campaignId: row.campaign_id,
      profile: { platform: row.platform, id: row.platform_id, handle: row.handle },
      slug: row.slug,
      target: row.target,
      createdAt: readTime(row.created_at),
    }));
  }

  listLinks(campaignId: number): Promise<TrackedLink[]> {
    return this.#links({ campaignId });
  }

  async findLink(slug: string): Promise<LinkTarget | undefined> {
    return this.#reader
      .selectFrom('tracked_links')
      .select(['id', 'target'])
      .where('slug', '=', slug)
      .executeTakeFirst();
  }

  async visitorSalt(day: string): Promise<string> {
    await this.#db
      .insertInto('visitor_salts')
      .values({ day, salt: newDailySalt() })
      .onConflict((conflict) => conflict.column('day').doNothing())
      .execute();
    // Yesterday's salt stays a day for hits still in flight; older ones go, so no key can be recomputed.
    const yesterday = new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    await this.#db.deleteFrom('visitor_salts').where('day', '<', yesterday).execute();
    const row = await this.#db
      .selectFrom('visitor_salts')
      .select('salt')
      .where('day', '=', day)
      .executeTakeFirstOrThrow();
    return row.salt;
  }

  async addHits(hits: readonly ClickHit[]): Promise<void> {
    if (hits.length === 0) return;
    const columns = [
      'click_id',
      'link_id',
      'at',
      'visitor_key',
      'referrer_host',
      'method',
      'reason',
    ] as const;
    if (!this.#sqlite) {
      // PostgreSQL: seven array parameters whatever the batch size, instead of 7,000 placeholders to bind.
      const column = <T>(read: (hit: ClickHit) => T) => hits.map(read);
      await this.#db
        .insertInto('click_hits')
        .columns([...columns])
        .expression(
          sql`select * from unnest(
            ${column((hit) => hit.clickId)}::text[], ${column((hit) => hit.linkId)}::integer[],
            ${column((hit) => hit.at.toISOString())}::timestamptz[], ${column((hit) => hit.visitorKey)}::text[],
            ${column((hit) => hit.referrerHost)}::text[], ${column((hit) => hit.method)}::text[],
            ${column((hit) => hit.reason)}::text[])`,
        )
        .execute();
      return;
    }
    await this.#db
      .insertInto('click_hits')
      .values(
        hits.map((hit) => ({
          click_id: hit.clickId,
          link_id: hit.linkId,
          at: hit.at.toISOString(),
          visitor_key: hit.visitorKey,
          referrer_host: hit.referrerHost,
          method: hit.method,
          reason: hit.reason,
        })),
      )
      .execute();
  }

  async countHits(): Promise<number> {
    const row = await this.#reader
      .selectFrom('click_hits')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return readCount(row.count);
  }

  async addConversion(conversion: ConversionInput): Promise<{ conversion: Conversion; duplicate: boolean }> {
    if (conversion.campaignId !== null && (await this.getCampaign(conversion.campaignId)) === undefined)
      throw new InputError(
        `no campaign with id ${conversion.campaignId} (\`realreach campaign list\` shows them)`,
      );
    const values = {
      campaign_id: conversion.campaignId,
      kind: conversion.kind,
      external_id: conversion.externalId,
      click_id: conversion.clickId,
      amount_minor: conversion.amount?.minor ?? null,
      currency: conversion.amount?.currency ?? null,
      code: conversion.code,
      occurred_at: conversion.occurredAt.toISOString(),
      received_at: new Date().toISOString(),
      source: conversion.source,
    };
    const inserted = await this.#db
      .insertInto('conversions')
      .values(values)
      .onConflict((conflict) => conflict.columns(['kind', 'external_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted !== undefined) return { conversion: conversionOf(inserted), duplicate: false };
    const kept = await this.#db
      .selectFrom('conversions')
      .selectAll()
      .where('kind', '=', conversion.kind)
      .where('external_id', '=', conversion.externalId)
      .executeTakeFirstOrThrow();
    return { conversion: conversionOf(kept), duplicate: true };
  }

  async recordWebhookDelivery(signature: string, at: Date): Promise<boolean> {
    await this.#db
      .deleteFrom('webhook_deliveries')
      .where('received_at', '<', new Date(at.getTime() - DAY_MS).toISOString())
      .execute();
    const inserted = await this.#db
      .insertInto('webhook_deliveries')
      .values({ signature, received_at: at.toISOString() })
      .onConflict((conflict) => conflict.column('signature').doNothing())
      .executeTakeFirst();
    return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async campaignActivity(campaignId: number): Promise<StoredCampaignActivity | undefined> {
    const campaign = await this.getCampaign(campaignId);
    if (campaign === undefined) return undefined;
    const links = await this.listLinks(campaignId);
    const linkIds = links.map((link) => link.id);
    const day = this.#sqlite
      ? sql<string>`substr(at, 1, 10)`
      : sql<string>`to_char(at at time zone 'UTC', 'YYYY-MM-DD')`;
    const [counts, human, conversions] = await Promise.all([
      linkIds.length === 0
        ? []
        : this.#reader
            .selectFrom('click_hits')
            .select((eb) => [
              'link_id',
              'reason',
              day.as('day'),
              eb.fn.countAll<number | string>().as('count'),
            ])
            .where('link_id', 'in', linkIds)
            .groupBy(['link_id', 'reason', day])
            .execute(),
      linkIds.length === 0
        ? []
        : this.#reader
            .selectFrom('click_hits')
            .select(['link_id', 'visitor_key', 'at'])
            .where('link_id', 'in', linkIds)
            .where('reason', '=', 'human')
            .orderBy('at')
            .orderBy('id')
            .execute(),
      this.#reader
        .selectFrom('conversions')
        .leftJoin('click_hits', 'click_hits.click_id', 'conversions.click_id')
        .leftJoin('tracked_links', 'tracked_links.id', 'click_hits.link_id')
        .selectAll('conversions')
        .select([
          'click_hits.link_id as click_link_id',
          'click_hits.at as click_at',
          'click_hits.reason as click_reason',
        ])
        .where((eb) =>
          eb.or([
            eb('conversions.campaign_id', '=', campaignId),
            eb('tracked_links.campaign_id', '=', campaignId),
          ]),
        )
        .orderBy('conversions.occurred_at')
        .orderBy('conversions.id')
        .execute(),
    ]);
    return {
      campaign,
      links,
      hitCounts: counts.map((row) => ({
        linkId: row.link_id,
        day: row.day,
        reason: row.reason as HitReason,
        count: readCount(row.count),
      })),
      humanHits: human.map((row) => ({
        linkId: row.link_id,
        visitorKey: row.visitor_key,
        at: readTime(row.at),
      })),
      conversions: conversions.map((row) => ({
        conversion: conversionOf(row),
        click:
          row.click_link_id === null || row.click_at === null || row.click_reason === null
            ? undefined
            : { linkId: row.click_link_id, at: readTime(row.click_at), reason: row.click_reason },
      })),
    };
  }
}
