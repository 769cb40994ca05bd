// The API's review of a saved audit: GET draws the sample to label, POST takes the labels and answers with the audit re-estimated (nothing is stored).
import type { Env, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { AUDIENCE_TYPES, auditReportSchema, followerFactsSchema } from '../../audit/report-schema.ts';
import { REVIEW_LABELS } from '../../audit/verification/review-file.ts';
import { DEFAULT_REVIEW_SIZE } from '../../audit/verification/review-sample.ts';
import { PLATFORMS } from '../../core/account.ts';
import { InputError } from '../../core/errors.ts';
import type { Store } from '../../store/store.ts';
import { auditIdSchema } from './openapi/api-schemas.ts';
import { ProblemError, parseOrProblem } from './problem.ts';
import { drawSavedAuditReview, verifySavedAudit } from './saved-audit-review.ts';

export const MAX_REVIEW_SIZE = 1000;
const LABELS_BODY_BYTES = 1024 * 1024;

export const reviewQuerySchema = z.strictObject({
  n: z.coerce.number().int().min(1).max(MAX_REVIEW_SIZE).default(DEFAULT_REVIEW_SIZE),
  seed: z.coerce.number().int().min(0).max(0xffffffff).default(1),
});

export const labelsBodySchema = z.strictObject({
  labels: z
    .array(z.strictObject({ id: z.string().min(1).max(256), label: z.enum(REVIEW_LABELS) }))
    .min(1)
    .max(100_000),
});

export const reviewSampleSchema = z
  .strictObject({
    auditId: z.int(),
    n: z.int(),
    seed: z.int(),
    followers: z.array(
      z.strictObject({
        id: z.string(),
        handle: z.string().nullable(),
        platform: z.enum(PLATFORMS),
        profileUrl: z.string().nullable(),
        pFake: z.number(),
        stratum: z.string().describe('the p(fake) band it was drawn from, e.g. 0.1–0.3'),
        type: z.enum(AUDIENCE_TYPES),
        reasons: z.array(z.string()),
        createdAt: z.string().nullable().describe('when the account was created (ISO 8601), when known'),
        facts: followerFactsSchema
          .nullable()
          .describe(
            'the profile facts to judge it by; null when the audit was saved before they were stored',
          ),
      }),
    ),
    strata: z.array(z.strictObject({ pFake: z.string(), followers: z.int(), drawn: z.int() })),
  })
  .describe('The followers to label, in random order, stratified by p(fake)');

export const reviewedAuditSchema = z
  .strictObject({ auditId: z.int(), report: auditReportSchema })
  .describe(
    "The audit's report with the fake share re-estimated from the labels (its `verification` section)",
  );

export function addReviewRoutes<E extends Env>(api: Hono<E>, store: Store): void {
  const auditOr404 = async (param: Record<string, string>) => {
    const { id } = parseOrProblem(auditIdSchema, param, 'audit id');
    const audit = await store.getAudit(id);
    if (audit === undefined) throw new ProblemError(404, `no audit with id ${id}`);
    return audit;
  };

  api.get('/audits/:id/review', async (c) => {
    const audit = await auditOr404(c.req.param());
    const { n, seed } = parseOrProblem(reviewQuerySchema, c.req.query(), 'query');
    return c.json({ auditId: audit.id, ...(await drawSavedAuditReview(store, audit, n, seed)) });
  });

  api.use('/audits/:id/labels', bodyLimit({ maxSize: LABELS_BODY_BYTES }));
  api.post('/audits/:id/labels', async (c) => {
    const audit = await auditOr404(c.req.param());
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new ProblemError(
        400,
        'the body must be JSON: {"labels": [{"id": "…", "label": "fake|real|unsure"}]}',
      );
    }
    const { labels } = parseOrProblem(labelsBodySchema, body, 'labels');
    let report: Awaited<ReturnType<typeof verifySavedAudit>>;
    try {
      report = await verifySavedAudit(store, audit, labels, 'labels');
    } catch (error) {
      if (error instanceof InputError) throw new ProblemError(422, error.message);
      throw error;
    }
    return c.json({ auditId: audit.id, report });
  });
}
