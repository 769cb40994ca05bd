// The OpenAPI paths of the value stage's routes: campaigns, links, the campaign report, conversions and the signed webhook.
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from '../problem.ts';
import {
  campaignIdSchema,
  conversionBodySchema,
  newCampaignSchema,
  newLinkSchema,
  reportQuerySchema,
} from '../value-api-routes.ts';

type JsonSchema = Record<string, unknown>;

function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

function parameters(schema: z.ZodObject, where: 'path' | 'query'): JsonSchema[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: inputSchema(field as z.ZodType),
  }));
}

const object = { type: 'object' };
const body = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: inputSchema(schema) } },
});
const ok = (description: string) => ({ description, content: { 'application/json': { schema: object } } });

function problems(statuses: Record<number, string>): JsonSchema {
  return Object.fromEntries(
    Object.entries(statuses).map(([status, description]) => [
      status,
      {
        description,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  );
}

const UNAUTHORIZED = { 401: 'no token, a malformed Authorization header, or an unknown or revoked token' };

export function valueApiPaths(): Record<string, JsonSchema> {
  const campaignPath = parameters(campaignIdSchema, 'path');
  return {
    '/campaigns': {
      get: {
        summary: 'The campaigns, newest first: name, brand, dates, cost, profiles',
        responses: { 200: ok('{ campaigns }'), ...problems(UNAUTHORIZED) },
      },
      post: {
        summary:
          'Make a campaign: name, cost (amount and ISO 4217 currency), optional brand, dates and profiles with their own cost',
        requestBody: body(newCampaignSchema),
        responses: {
          201: ok('the campaign with its id'),
          ...problems({ 400: 'invalid campaign', ...UNAUTHORIZED }),
        },
      },
    },
    '/campaigns/{id}': {
      get: {
        summary: 'A campaign with its tracked links (slug, short url, registered target)',
        parameters: campaignPath,
        responses: {
          200: ok('the campaign and its links'),
          ...problems({ ...UNAUTHORIZED, 404: 'no such campaign' }),
        },
      },
    },
    '/campaigns/{id}/links': {
      post: {
        summary:
          'Make a tracked link /r/<slug> for a profile; `to` must be an absolute http(s) URL (no relative or scheme-less targets)',
        parameters: campaignPath,
        requestBody: body(newLinkSchema),
        responses: {
          201: ok('the link: slug, path, url, target'),
          ...problems({ 400: 'invalid profile or target', ...UNAUTHORIZED, 404: 'no such campaign' }),
        },
      },
    },
    '/campaigns/{id}/report': {
      get: {
        summary:
          'The campaign report per campaign and profile: followers, real followers (latest audit, 95 % CI), raw and human clicks, clicks per 1,000 real followers, conversions by kind, revenue, cost per real follower, CPA, revenue per 1,000 real followers, return on spend; hits by verdict; per day. pointMayBeOff on a row: an audit behind it fired the shift test and no labels settled it, so its point readings per real follower may be off (read the intervals)',
        parameters: [...campaignPath, ...parameters(reportQuerySchema, 'query')],
        responses: {
          200: {
            description: 'the report (JSON, money in major units), or its CSV with format=csv',
            content: { 'application/json': { schema: object }, 'text/csv': { schema: { type: 'string' } } },
          },
          ...problems({ 400: 'invalid query', ...UNAUTHORIZED, 404: 'no such campaign' }),
        },
      },
    },
    '/conversions': {
      post: {
        summary:
          'Record a conversion (lead, signup, sale with amount and currency, referral with code); the same kind and orderId again is kept once (200, duplicate: true)',
        requestBody: body(conversionBodySchema),
        responses: {
          201: ok('{ conversion, duplicate: false }'),
          200: ok('{ conversion, duplicate: true }: the one kept before'),
          ...problems({ 400: 'not JSON', ...UNAUTHORIZED, 422: 'invalid conversion or unknown campaign' }),
        },
      },
    },
    '/webhooks/conversions': {
      post: {
        summary:
          'The signed conversion webhook, for shops: header Realreach-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>"> with a secret of REALREACH_WEBHOOK_SECRETS; at most 300 s old; the same signed delivery twice is a replay',
        security: [],
        requestBody: body(conversionBodySchema),
        responses: {
          201: ok('{ conversion, duplicate: false }'),
          200: ok('{ conversion, duplicate: true }'),
          ...problems({
            400: 'not JSON or invalid fields',
            401: 'a missing or malformed signature, a signature of no live secret, or one older than 300 s',
            409: 'a replay of a delivery already taken',
            422: 'invalid conversion or unknown campaign',
            503: 'no webhook secret configured',
          }),
        },
      },
    },
  };
}
