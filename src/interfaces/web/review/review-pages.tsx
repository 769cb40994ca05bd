// The dashboard's review routes: GET shows the next follower to label and the re-estimated audit; POST records one label and redirects back (the labels travel in the address, nothing is stored).
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */

import { stringify } from 'csv-stringify/sync';
import type { Env, Hono } from 'hono';
import { z } from 'zod';
import { REVIEW_COLUMNS, REVIEW_LABELS } from '../../../audit/verification/review-file.ts';
import { DEFAULT_REVIEW_SIZE } from '../../../audit/verification/review-sample.ts';
import type { Store } from '../../../store/store.ts';
import { auditIdSchema } from '../../http/openapi/api-schemas.ts';
import { ProblemError, parseOrProblem } from '../../http/problem.ts';
import { MAX_REVIEW_SIZE } from '../../http/review-routes.ts';
import { drawSavedAuditReview, verifySavedAudit } from '../../http/saved-audit-review.ts';
import { followerFactCells } from '../../report/words/follower-facts-words.ts';
import { sendPage } from '../page-layout.tsx';
import { LABEL_CODES, labelsOfCodes, ReviewPage, reviewPath } from './review-page.tsx';

const reviewState = {
  seed: z.coerce.number().int().min(0).max(0xffffffff).default(1),
  n: z.coerce.number().int().min(1).max(MAX_REVIEW_SIZE).default(DEFAULT_REVIEW_SIZE),
  labels: z
    .string()
    .max(MAX_REVIEW_SIZE)
    .regex(/^[fru-]*$/, 'one of f, r, u or - per follower')
    .default(''),
};
const reviewQuerySchema = z.object(reviewState);
const labelFormSchema = z.object({
  ...reviewState,
  at: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_REVIEW_SIZE - 1),
  label: z.enum(REVIEW_LABELS),
});

/** Cells from untrusted input that a spreadsheet would run as a formula get a leading apostrophe (the reader strips it from ids). */
function inertCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function addReviewPages<E extends Env>(web: Hono<E>, store: Store): void {
  const auditOr404 = async (param: Record<string, string>) => {
    const { id } = parseOrProblem(auditIdSchema, param, 'audit id');
    const audit = await store.getAudit(id);
    if (audit === undefined) throw new ProblemError(404, `There is no audit #${id}.`);
    return audit;
  };

  web.get('/audits/:id/review', async (c) => {
    const audit = await auditOr404(c.req.param());
    const { seed, n, labels } = parseOrProblem(reviewQuerySchema, c.req.query(), 'review');
    const review = await drawSavedAuditReview(store, audit, n, seed);
    const given = labelsOfCodes(labels, review.followers);
    const report =
      given.length === 0 ? undefined : await verifySavedAudit(store, audit, given, 'your labels');
    return sendPage(c, <ReviewPage audit={audit} review={review} codes={labels} report={report} />);
  });

  web.get('/audits/:id/review.csv', async (c) => {
    const audit = await auditOr404(c.req.param());
    const { seed, n, labels } = parseOrProblem(reviewQuerySchema, c.req.query(), 'review');
    const review = await drawSavedAuditReview(store, audit, n, seed);
    const given = new Map(labelsOfCodes(labels, review.followers).map((row) => [row.id, row.label]));
    const rows = review.followers.map((follower) => [
      follower.id,
      follower.handle ?? '',
      follower.platform,
      follower.profileUrl ?? '',
      ...followerFactCells(follower.facts, follower.createdAt),
      String(follower.pFake),
      follower.stratum,
      given.get(follower.id) ?? '',
    ]);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="realreach-audit-${audit.id}-review.csv"`);
    return c.body(
      stringify([REVIEW_COLUMNS, ...rows], {
        cast: { string: inertCell },
      }),
    );
  });

  web.post('/audits/:id/review', async (c) => {
    const audit = await auditOr404(c.req.param());
    const form = parseOrProblem(labelFormSchema, await c.req.parseBody(), 'label');
    if (form.at >= form.n)
      throw new ProblemError(400, `follower ${form.at + 1} is not among the ${form.n} drawn`);
    const codes = form.labels.padEnd(form.at + 1, '-').split('');
    codes[form.at] = LABEL_CODES[form.label];
    return c.redirect(reviewPath(audit.id, { seed: form.seed, n: form.n, labels: codes.join('') }), 303);
  });
}
