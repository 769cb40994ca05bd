// The value stage's API under /api/v1: campaigns, their links and report, conversions (token) and the signed conversion webhook.

import { stringify } from 'csv-stringify/sync';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { PLATFORMS } from '../../core/account.ts';
import { FieldError, InputError } from '../../core/errors.ts';
import { loadCampaignReport } from '../../store/campaign-report-loader.ts';
import { DEFAULT_ATTRIBUTION_WINDOW_DAYS } from '../../value/attribution.ts';
import { conversionFromFields } from '../../value/conversion-fields.ts';
import { parseCurrency, parseMoney } from '../../value/money.ts';
import { checkTarget } from '../../value/tracked-target.ts';
import { SIGNATURE_HEADER, verifySignature } from '../../value/webhook-signature.ts';
import { campaignJson, linkJson } from '../report/campaign-json.ts';
import {
  CAMPAIGN_CSV_HEADER,
  campaignReportCsvRows,
  campaignReportJson,
} from '../report/campaign-report-view.ts';
import type { AppContext } from './app-options.ts';
import { requireBearerToken, type TokenVariables } from './auth/bearer-token.ts';
import { ProblemError, parseOrProblem } from './problem.ts';

/** Campaign and conversion bodies are small: a webhook or form never needs more. */
const VALUE_BODY_BYTES = 64 * 1024;

const profileSchema = z
  .strictObject({
    platform: z.enum(PLATFORMS),
    id: z.string().min(1).max(200).nullish(),
    handle: z.string().min(1).max(200).nullish(),
  })
  .refine((profile) => profile.id != null || profile.handle != null, 'give the profile id, handle or both');

const amountSchema = z.union([z.number().nonnegative(), z.string().max(32)]);
const daySchema = z.iso.date();

export const newCampaignSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  brand: z.string().trim().min(1).max(200).nullish(),
  startsOn: daySchema.nullish(),
  endsOn: daySchema.nullish(),
  cost: z.strictObject({ amount: amountSchema, currency: z.string().max(8) }),
  profiles: z
    .array(z.strictObject({ profile: profileSchema, cost: amountSchema.nullish() }))
    .max(1000)
    .default([]),
});

export const newLinkSchema = z.strictObject({
  profile: profileSchema,
  to: z.string().max(2048),
});

export const conversionBodySchema = z.strictObject({
  kind: z.string(),
  campaign: z.union([z.int().min(1), z.string().max(20)]).nullish(),
  orderId: z.string().max(200).nullish(),
  clickId: z.string().max(64).nullish(),
  amount: amountSchema.nullish(),
  currency: z.string().max(8).nullish(),
  code: z.string().max(200).nullish(),
  occurredAt: z.string().max(40).nullish(),
});

export const campaignIdSchema = z.strictObject({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
});
export const reportQuerySchema = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  window: z.coerce.number().int().min(1).max(3650).default(DEFAULT_ATTRIBUTION_WINDOW_DAYS),
});

function moneyOrProblem(amount: number | string, currency: string, path: string) {
  try {
    return parseMoney(amount, currency);
  } catch (error) {
    throw new ProblemError(400, `invalid ${path}: ${(error as Error).message}`, {
      errors: [{ path, message: (error as Error).message }],
    });
  }
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ProblemError(400, 'the body is not JSON');
  }
}

function undefinedWhenNull<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

function conversionFromBody(body: z.infer<typeof conversionBodySchema>, source: 'api' | 'webhook') {
  try {
    return conversionFromFields(
      {
        kind: body.kind,
        campaign: undefinedWhenNull(body.campaign),
        orderId: undefinedWhenNull(body.orderId),
        clickId: undefinedWhenNull(body.clickId),
        amount: undefinedWhenNull(body.amount),
        currency: undefinedWhenNull(body.currency),
        code: undefinedWhenNull(body.code),
        occurredAt: undefinedWhenNull(body.occurredAt),
      },
      source,
      new Date(),
    );
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    throw new ProblemError(422, `invalid conversion: ${error.field}: ${error.reason}`, {
      errors: [{ path: error.field, message: error.reason }],
    });
  }
}

export function createValueApiRoutes(context: AppContext): Hono<{ Variables: TokenVariables }> {
  const { store } = context;
  const value = store.value;
  const api = new Hono<{ Variables: TokenVariables }>();
  const token = requireBearerToken((candidate) => store.verifyToken(candidate), context);
  const limit = bodyLimit({
    maxSize: VALUE_BODY_BYTES,
    onError: () => {
      throw new ProblemError(413, `the body is larger than ${VALUE_BODY_BYTES / 1024} KiB`);
    },
  });

  const storeConversion = async (input: ReturnType<typeof conversionFromBody>) => {
    try {
      return await value.addConversion(input);
    } catch (error) {
      if (error instanceof InputError) throw new ProblemError(422, error.message);
      throw error;
    }
  };

  // Middleware (use) rather than per-route handlers: each route stays one handler in the app's route list.
  for (const path of ['/webhooks/conversions', '/campaigns', '/campaigns/*', '/conversions'])
    api.use(path, limit);

  // Signed by the shop, not a token: HMAC-SHA256 over "<t>.<body>", refused when old, forged or replayed.
  api.post('/webhooks/conversions', async (c) => {
    const body = await c.req.text();
    const now = Date.now();
    const check = verifySignature(c.req.header(SIGNATURE_HEADER), body, context.webhookSecrets, now);
    if (!check.ok) throw new ProblemError(check.reason === 'no-secret' ? 503 : 401, check.detail);
    if (!(await value.recordWebhookDelivery(check.signature, new Date(now))))
      throw new ProblemError(
        409,
        'this signed delivery was taken before: a replay is refused (sign each delivery anew)',
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new ProblemError(400, 'the body is not JSON');
    }
    const fields = parseOrProblem(conversionBodySchema, parsed, 'conversion');
    const { conversion, duplicate } = await storeConversion(conversionFromBody(fields, 'webhook'));
    return c.json({ conversion, duplicate }, duplicate ? 200 : 201);
  });

  api.use('/campaigns', token);
  api.use('/campaigns/*', token);
  api.use('/conversions', token);

  api.post('/campaigns', async (c) => {
    const body = parseOrProblem(newCampaignSchema, await jsonBody(c.req.raw), 'campaign');
    let currency: string;
    try {
      currency = parseCurrency(body.cost.currency);
    } catch (error) {
      throw new ProblemError(400, `invalid cost.currency: ${(error as Error).message}`);
    }
    if (body.startsOn && body.endsOn && body.endsOn < body.startsOn)
      throw new ProblemError(400, 'endsOn is before startsOn');
    const created = await value.createCampaign({
      name: body.name,
      brand: body.brand ?? null,
      startsOn: body.startsOn ?? null,
      endsOn: body.endsOn ?? null,
      cost: moneyOrProblem(body.cost.amount, currency, 'cost.amount'),
      profiles: body.profiles.map((entry, index) => ({
        profile: {
          platform: entry.profile.platform,
          id: entry.profile.id ?? null,
          handle: entry.profile.handle ?? null,
        },
        cost: entry.cost == null ? null : moneyOrProblem(entry.cost, currency, `profiles.${index}.cost`),
      })),
    });
    c.header('Location', `/api/v1/campaigns/${created.id}`);
    return c.json(campaignJson(created), 201);
  });

  api.get('/campaigns', async (c) => c.json({ campaigns: (await value.listCampaigns()).map(campaignJson) }));

  api.get('/campaigns/:id', async (c) => {
    const { id } = parseOrProblem(campaignIdSchema, c.req.param(), 'campaign id');
    const campaign = await value.getCampaign(id);
    if (campaign === undefined) throw new ProblemError(404, `no campaign with id ${id}`);
    const base = new URL(c.req.url).origin;
    const links = await value.listLinks(id);
    return c.json({ ...campaignJson(campaign), links: links.map((link) => linkJson(link, base)) });
  });

  api.post('/campaigns/:id/links', async (c) => {
    const { id } = parseOrProblem(campaignIdSchema, c.req.param(), 'campaign id');
    const body = parseOrProblem(newLinkSchema, await jsonBody(c.req.raw), 'link');
    const target = checkTarget(body.to);
    if (!target.ok)
      throw new ProblemError(400, `invalid to: ${target.reason}`, {
        errors: [{ path: 'to', message: target.reason }],
      });
    const link = await value.createLink({
      campaignId: id,
      profile: {
        platform: body.profile.platform,
        id: body.profile.id ?? null,
        handle: body.profile.handle ?? null,
      },
      target: target.url,
    });
    if (link === undefined) throw new ProblemError(404, `no campaign with id ${id}`);
    return c.json(linkJson(link, new URL(c.req.url).origin), 201);
  });

  api.get('/campaigns/:id/report', async (c) => {
    const { id } = parseOrProblem(campaignIdSchema, c.req.param(), 'campaign id');
    const query = parseOrProblem(reportQuerySchema, c.req.query(), 'query');
    const report = await loadCampaignReport(store, id, query.window);
    if (report === undefined) throw new ProblemError(404, `no campaign with id ${id}`);
    if (query.format === 'csv')
      return c.body(stringify([[...CAMPAIGN_CSV_HEADER], ...campaignReportCsvRows(report)]), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="campaign-${id}-report.csv"`,
      });
    return c.json(campaignReportJson(report));
  });

  api.post('/conversions', async (c) => {
    const fields = parseOrProblem(conversionBodySchema, await jsonBody(c.req.raw), 'conversion');
    const { conversion, duplicate } = await storeConversion(conversionFromBody(fields, 'api'));
    return c.json({ conversion, duplicate }, duplicate ? 200 : 201);
  });

  return api;
}
