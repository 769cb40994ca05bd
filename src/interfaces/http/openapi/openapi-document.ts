// Builds the OpenAPI 3.1 document of /api/v1 from the same zod schemas that validate the requests and describe the responses.
import { z } from 'zod';
import { auditReportSchema, followerResultSchema } from '../../../audit/report-schema.ts';
import type { AppLimits } from '../app-options.ts';
import { compareQuerySchema } from '../growth-api-routes.ts';
import { jobIdSchema, jobListQuerySchema, jobListSchema, jobSchema } from '../jobs/job-json.ts';
import { PROBLEM_CONTENT_TYPE, problemSchema } from '../problem.ts';
import {
  labelsBodySchema,
  reviewedAuditSchema,
  reviewQuerySchema,
  reviewSampleSchema,
} from '../review-routes.ts';
import { auditJsonBodySchema, auditOptionsSchema, RAW_UPLOAD_TYPES } from '../upload/audit-request.ts';
import {
  auditIdSchema,
  auditListQuerySchema,
  auditListSchema,
  createdAuditSchema,
  followerPageQuerySchema,
  followerPageSchema,
  historySchema,
  profileAuditsSchema,
  profilePathSchema,
  storedAuditSchema,
} from './api-schemas.ts';
import { fetchApiPaths } from './fetch-openapi.ts';
import { valueApiPaths } from './value-openapi.ts';

type JsonSchema = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** Component schemas by name; those a response or request names are shared, the rest inlined. */
function componentSchemas(
  schemas: Record<string, z.ZodType>,
  io: 'input' | 'output',
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: made } = z.toJSONSchema(registry, {
    io,
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  });
  return Object.fromEntries(
    Object.entries(made).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema as JsonSchema]),
  );
}

/** Each field of an object schema as an OpenAPI parameter in the path or the query. */
function parameters(schema: z.ZodObject, where: 'path' | 'query'): JsonSchema[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const {
      $schema: _schema,
      description,
      ...fieldSchema
    } = z.toJSONSchema(field as z.ZodType, {
      io: 'input',
      unrepresentable: 'any',
    });
    return {
      name,
      in: where,
      required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
      ...(description === undefined ? {} : { description }),
      schema: fieldSchema,
    };
  });
}

function json(schemaRef: JsonSchema, description: string) {
  return { description, content: { 'application/json': { schema: schemaRef } } };
}

function problems(statuses: Record<number, string>) {
  return Object.fromEntries(
    Object.entries(statuses).map(([status, description]) => [
      status,
      { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ref('Problem') } } },
    ]),
  );
}

const UNAUTHORIZED = { 401: 'no token, a malformed Authorization header, or an unknown or revoked token' };

export function buildOpenApiDocument(limits: AppLimits): JsonSchema {
  const responses = componentSchemas(
    {
      AuditReport: auditReportSchema,
      FollowerResult: followerResultSchema,
      StoredAudit: storedAuditSchema,
      CreatedAudit: createdAuditSchema,
      Job: jobSchema,
      JobList: jobListSchema,
      AuditList: auditListSchema,
      FollowerPage: followerPageSchema,
      ProfileAudits: profileAuditsSchema,
      FollowerCountHistory: historySchema,
      ReviewSample: reviewSampleSchema,
      ReviewedAudit: reviewedAuditSchema,
      Problem: problemSchema,
    },
    'output',
  );
  const requests = componentSchemas(
    { AuditOptions: auditOptionsSchema, AuditJsonBody: auditJsonBodySchema, Labels: labelsBodySchema },
    'input',
  );
  const file = { type: 'string', contentMediaType: 'application/octet-stream' };
  const optionFields = (requests.AuditOptions as { properties: JsonSchema }).properties;
  const uploadMiB = Math.round(limits.uploadBytes / (1024 * 1024));
  const jsonMiB = Math.round(limits.jsonBytes / (1024 * 1024));
  const auditIdPath = parameters(auditIdSchema, 'path');
  const profilePath = parameters(profilePathSchema, 'path');

  return {
    openapi: '3.1.0',
    info: {
      title: 'realreach API',
      version: '1.0.0',
      description:
        "Audits of a social profile's followers: how many are real, with 95 % intervals, audience types, reachability, a quality score and red flags. Every call but this document needs `Authorization: Bearer <token>` (`realreach token create <name>`). Errors are RFC 9457 problem details (application/problem+json).",
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerToken: [] }],
    paths: {
      '/openapi.json': {
        get: {
          summary: 'This document',
          security: [],
          responses: {
            200: { description: 'the OpenAPI 3.1 document', content: { 'application/json': {} } },
          },
        },
      },
      '/audits': {
        post: {
          summary: 'Submit an uploaded follower list as an audit job',
          description: `The file streams into the audit as it arrives and is never held whole in memory; uploads over ${uploadMiB} MiB are refused with 413 (JSON bodies, parsed whole, over ${jsonMiB} MiB). The list is read once into shards stored with the job, then audited by the workers: the answer is 202 Accepted with the job's Location; GET it for the progress and, once done, the audit. The format is recognised from the content (gzip too). In a multipart form, send the option fields and the profile before the followers file, which must be the last part. Query parameters set the options for every body type.`,
          parameters: parameters(auditOptionsSchema, 'query'),
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['followers'],
                  properties: {
                    ...optionFields,
                    profile: { ...file, description: 'the audited profile: one account in any format' },
                    followers: { ...file, description: 'the follower list, last in the form' },
                  },
                },
              },
              'application/json': { schema: ref('AuditJsonBody') },
              ...Object.fromEntries(RAW_UPLOAD_TYPES.map((type) => [type, { schema: file }])),
            },
          },
          responses: {
            202: {
              ...json(ref('Job'), 'the audit job, queued'),
              headers: {
                Location: { description: 'the job: /api/v1/jobs/{id}', schema: { type: 'string' } },
              },
            },
            ...problems({
              400: 'malformed request: invalid options, JSON, form, or no followers part',
              ...UNAUTHORIZED,
              413: `the body is larger than the upload limit (${uploadMiB} MiB; JSON ${jsonMiB} MiB)`,
              415: 'a content type that is not a form, JSON or a follower file',
              422: 'the followers cannot be audited: unknown format, empty, or no readable follower',
              429: 'the token already has as many audit jobs queued or running as allowed',
            }),
          },
        },
        get: {
          summary: 'Saved audits, newest first',
          parameters: parameters(auditListQuerySchema, 'query'),
          responses: {
            200: json(ref('AuditList'), 'a page of audits'),
            ...problems({ 400: 'invalid query', ...UNAUTHORIZED }),
          },
        },
      },
      '/jobs': {
        get: {
          summary: 'Audit jobs, newest first (state=failed: the dead letters, with their errors)',
          parameters: parameters(jobListQuerySchema, 'query'),
          responses: {
            200: json(ref('JobList'), 'the jobs'),
            ...problems({ 400: 'invalid query', ...UNAUTHORIZED }),
          },
        },
      },
      '/jobs/{id}': {
        get: {
          summary: 'One audit job: state, progress (followers scored of the total), and the audit once done',
          parameters: parameters(jobIdSchema, 'path'),
          responses: {
            200: json(ref('Job'), 'the job'),
            ...problems({ 400: 'invalid id', ...UNAUTHORIZED, 404: 'no such job' }),
          },
        },
        delete: {
          summary: 'Cancel a queued or running audit job',
          parameters: parameters(jobIdSchema, 'path'),
          responses: {
            204: { description: 'cancelled: no audit will be saved' },
            ...problems({
              400: 'invalid id',
              ...UNAUTHORIZED,
              404: 'no such job',
              409: 'the job is not queued or running',
            }),
          },
        },
      },
      '/audits/{id}': {
        get: {
          summary: 'One audit with its report',
          parameters: auditIdPath,
          responses: {
            200: json(ref('StoredAudit'), 'the audit'),
            ...problems({
              400: 'the id is not a whole number from 1',
              ...UNAUTHORIZED,
              404: 'no such audit',
            }),
          },
        },
        delete: {
          summary:
            'Delete an audit and its followers (the follower-count snapshots stay: they are observations)',
          parameters: auditIdPath,
          responses: {
            204: { description: 'deleted' },
            ...problems({
              400: 'the id is not a whole number from 1',
              ...UNAUTHORIZED,
              404: 'no such audit',
            }),
          },
        },
      },
      '/audits/{id}/followers': {
        get: {
          summary:
            "A page of an audit's followers, by p(fake), optionally of one audience type, a p(fake) range or a reason",
          parameters: [
            ...auditIdPath,
            ...parameters(followerPageQuerySchema(limits.followerPageSize), 'query'),
          ],
          responses: {
            200: json(ref('FollowerPage'), 'the page'),
            ...problems({ 400: 'invalid id, query or cursor', ...UNAUTHORIZED, 404: 'no such audit' }),
          },
        },
      },
      '/audits/{id}/review': {
        get: {
          summary:
            'Draw the followers a person should label to check the audit: a seeded sample stratified by p(fake), the same `realreach review` draws',
          parameters: [...auditIdPath, ...parameters(reviewQuerySchema, 'query')],
          responses: {
            200: json(ref('ReviewSample'), 'the followers to label'),
            ...problems({ 400: 'invalid id or query', ...UNAUTHORIZED, 404: 'no such audit' }),
          },
        },
      },
      '/audits/{id}/labels': {
        post: {
          summary:
            "Re-estimate an audit's fake share from labels (fake, real, unsure) on its followers, by stratified prediction-powered inference; nothing is stored",
          parameters: auditIdPath,
          requestBody: { required: true, content: { 'application/json': { schema: ref('Labels') } } },
          responses: {
            200: json(ref('ReviewedAudit'), 'the report with its verification section'),
            ...problems({
              400: 'invalid id or body',
              ...UNAUTHORIZED,
              404: 'no such audit',
              413: 'body over 1 MiB',
              422: 'no labelled id is a follower of the audit',
            }),
          },
        },
      },
      '/profiles/{platform}/{id}/audits': {
        get: {
          summary: "A profile's saved audits, newest first",
          parameters: [...profilePath, ...parameters(auditListQuerySchema, 'query')],
          responses: {
            200: json(ref('ProfileAudits'), 'the audits'),
            ...problems({
              400: 'unknown platform or invalid query',
              ...UNAUTHORIZED,
              404: 'no such profile',
            }),
          },
        },
      },
      '/profiles/{platform}/{id}/history': {
        get: {
          summary: "A profile's follower-count history (snapshots), oldest first",
          parameters: profilePath,
          responses: {
            200: json(ref('FollowerCountHistory'), 'the snapshots'),
            ...problems({ 400: 'unknown platform', ...UNAUTHORIZED, 404: 'no such profile' }),
          },
        },
        post: {
          summary:
            'Import a history CSV (date,followers[,following,posts]) as snapshots of the profile (by platform id, or @handle of a stored profile with one); bad rows are returned with file, line, field and reason',
          parameters: [
            ...profilePath,
            {
              name: 'filename',
              in: 'query',
              description: 'the name rows are reported under',
              schema: { type: 'string' },
            },
          ],
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
          responses: {
            201: json(
              {
                type: 'object',
                properties: {
                  imported: { type: 'integer' },
                  duplicateDates: { type: 'integer' },
                  rejected: { type: 'array', items: { type: 'object' } },
                },
              },
              'rows imported and rows rejected',
            ),
            ...problems({
              400: 'unknown platform',
              ...UNAUTHORIZED,
              404: 'a @handle no stored profile with a platform id has',
              413: 'over 2 MiB',
              415: 'a body that is not the CSV (text/csv, application/csv, text/plain, text/tab-separated-values)',
              422: 'no date and followers header',
            }),
          },
        },
      },
      '/profiles/{platform}/{id}/growth': {
        get: {
          summary:
            "A profile's stored history as a daily series with its events: spikes, drops (known purges named) and regime changes, each with date, kind, signed size, robust z and confidence",
          parameters: profilePath,
          responses: {
            200: json(
              {
                type: 'object',
                properties: {
                  profile: { type: 'object' },
                  seriesNote: { type: ['string', 'null'] },
                  series: { type: 'array', items: { type: 'object' } },
                  events: { type: 'array', items: { type: 'object' } },
                },
              },
              'the series and its events',
            ),
            ...problems({ 400: 'unknown platform', ...UNAUTHORIZED, 404: 'no such profile' }),
          },
        },
      },
      ...valueApiPaths(),
      ...fetchApiPaths(),
      '/compare': {
        get: {
          summary:
            'Candidates side by side from their latest saved audits: real followers, fake share, quality, reachable share, engagement, events, cost per 1,000 real followers and effective CPM with intervals, ranked on the conservative end',
          parameters: parameters(compareQuerySchema, 'query'),
          responses: {
            200: {
              description:
                'the ranked candidates, the formulas and the CPM benchmark (an assumption); CSV with format=csv. A candidate with pointMayBeOff: its audit fired the shift test and no labels settled it, so its point readings may be off (read the intervals)',
              content: {
                'application/json': { schema: { type: 'object' } },
                'text/csv': { schema: { type: 'string' } },
              },
            },
            ...problems({
              400: 'invalid query',
              ...UNAUTHORIZED,
              422: 'an unknown candidate or a malformed price',
            }),
          },
        },
      },
    },
    components: {
      securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer' } },
      schemas: { ...responses, ...requests },
    },
  };
}
