// The OpenAPI paths of fetch jobs: submit one (202 with its Location), list them, read one, download its followers, cancel it.
import { z } from 'zod';
import {
  fetchIdSchema,
  fetchJobSchema,
  fetchListQuerySchema,
  fetchRequestSchema,
} from '../jobs/fetch-job-json.ts';
import { PROBLEM_CONTENT_TYPE } from '../problem.ts';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

function parameters(schema: z.ZodObject, where: 'path' | 'query'): JsonSchema[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: schemaOf(field as z.ZodType, 'input'),
  }));
}

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

export function fetchApiPaths(): Record<string, JsonSchema> {
  const job = { 'application/json': { schema: schemaOf(fetchJobSchema, 'output') } };
  const idPath = parameters(fetchIdSchema, 'path');
  return {
    '/fetches': {
      post: {
        summary:
          "Queue a fetch of a profile's followers: the workers read its pages under one rate limit per platform and API key for all of them; audit: true queues an audit of them when it ends",
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemaOf(fetchRequestSchema, 'input') } },
        },
        responses: {
          202: {
            description: 'the fetch job, queued',
            content: job,
            headers: {
              Location: { description: 'the job: /api/v1/fetches/{id}', schema: { type: 'string' } },
            },
          },
          ...problems({
            400: 'malformed request: not JSON, an unknown field, or a profile name no platform takes',
            ...UNAUTHORIZED,
            413: 'the body is larger than 16 KiB',
            429: 'the token already has as many fetches queued or running as allowed',
          }),
        },
      },
      get: {
        summary: 'Fetch jobs, newest first',
        parameters: parameters(fetchListQuerySchema, 'query'),
        responses: {
          200: {
            description: 'the fetches',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { fetches: { type: 'array', items: schemaOf(fetchJobSchema, 'output') } },
                },
              },
            },
          },
          ...problems({ 400: 'invalid query', ...UNAUTHORIZED }),
        },
      },
    },
    '/fetches/{id}': {
      get: {
        summary:
          "One fetch job: state, progress (followers fetched of the profile's count), error, its audit job",
        parameters: idPath,
        responses: {
          200: { description: 'the fetch job', content: job },
          ...problems({ 400: 'invalid id', ...UNAUTHORIZED, 404: 'no such fetch' }),
        },
      },
      delete: {
        summary: 'Cancel a queued or running fetch (the pages saved so far stay readable)',
        parameters: idPath,
        responses: {
          204: { description: 'cancelled' },
          ...problems({
            400: 'invalid id',
            ...UNAUTHORIZED,
            404: 'no such fetch',
            409: 'the fetch is not queued or running',
          }),
        },
      },
    },
    '/fetches/{id}/followers': {
      get: {
        summary:
          'The followers fetched so far as realreach JSONL, in the order the platform listed them (newest first): the file `realreach fetch` writes, ready for `realreach audit`',
        parameters: idPath,
        responses: {
          200: {
            description: 'one realreach record a line',
            content: { 'application/x-ndjson': { schema: { type: 'string' } } },
          },
          ...problems({
            400: 'invalid id',
            ...UNAUTHORIZED,
            404: 'no such fetch',
            410: 'the followers were dropped: consumed (the fetch ended, and its audit job too) longer ago than the retention window',
          }),
        },
      },
    },
  };
}
