// The growth stage's API under /api/v1: a profile's history with its events, history imports, and the comparison of candidates.
import { stringify } from 'csv-stringify/sync';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { COMPARE_FORMULAS, compareCsvRows } from '../../growth/compare-profiles.ts';
import { parseHistoryCsv } from '../../ingest/companion-files/history-csv.ts';
import { compareStored, parsePrices } from '../compare-candidates.ts';
import { profileHistory } from '../profile-history.ts';
import { reauditOf } from '../reaudit.ts';
import type { AppContext } from './app-options.ts';
import { requireBearerToken, type TokenVariables } from './auth/bearer-token.ts';
import { profilePathSchema } from './openapi/api-schemas.ts';
import { ProblemError, parseOrProblem } from './problem.ts';
import { auditsOfProfile, findProfile } from './profile-lookup.ts';

/** A history CSV of ten years of days is about 300 KiB. */
const HISTORY_BODY_BYTES = 2 * 1024 * 1024;
/** The content types a history CSV may come as (none at all is taken as the CSV too). */
const HISTORY_TYPES = ['text/csv', 'application/csv', 'text/plain', 'text/tab-separated-values'];
const MAX_CANDIDATES = 20;

export const compareQuerySchema = z.strictObject({
  candidates: z
    .string()
    .min(1)
    .describe('comma-separated: saved audit ids, or saved profiles as @handle or platform:handle'),
  price: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('repeatable: <name>=<amount>, the name a candidate as given, its handle or its audit id'),
  cpmBenchmark: z.coerce
    .number()
    .positive()
    .optional()
    .describe('an assumption, editable: what 1,000 impressions are worth (default 10), for the fair price'),
  format: z.enum(['json', 'csv']).optional(),
});

export function createGrowthApiRoutes(context: AppContext): Hono<{ Variables: TokenVariables }> {
  const { store } = context;
  const api = new Hono<{ Variables: TokenVariables }>();
  // On each route, not '*': a catch-all here would also guard the public OpenAPI document, and check tokens twice
  // on the other routers' paths.
  const token = requireBearerToken((candidate) => store.verifyToken(candidate), context);

  api.get('/compare', token, async (c) => {
    const query = parseOrProblem(
      compareQuerySchema,
      { ...c.req.query(), price: c.req.queries('price') },
      'query',
    );
    const refs = query.candidates
      .split(',')
      .map((ref) => ref.trim())
      .filter((ref) => ref !== '');
    if (refs.length > MAX_CANDIDATES) throw new ProblemError(400, `at most ${MAX_CANDIDATES} candidates`);
    const cpmBenchmark = query.cpmBenchmark ?? 10;
    let rows: Awaited<ReturnType<typeof compareStored>>;
    try {
      const prices = parsePrices(typeof query.price === 'string' ? [query.price] : (query.price ?? []));
      rows = await compareStored(store, refs, prices, { cpmBenchmark });
    } catch (error) {
      if (error instanceof InputError) throw new ProblemError(422, error.message);
      throw error;
    }
    if (query.format === 'csv')
      return c.body(stringify(compareCsvRows(rows)), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="realreach-compare.csv"',
      });
    return c.json({
      candidates: rows,
      formulas: COMPARE_FORMULAS,
      cpmBenchmark: { value: cpmBenchmark, assumption: true },
    });
  });

  api.get('/profiles/:platform/:id/growth', token, async (c) => {
    const { platform, id } = parseOrProblem(profilePathSchema, c.req.param(), 'profile path');
    const profile = await findProfile(store, platform, id);
    if (profile === undefined)
      throw new ProblemError(404, `no saved audit or history of the ${platform} profile ${id}`);
    const history = await profileHistory(store, profile);
    const audits = await store.listAudits({ profile: auditsOfProfile(profile), limit: 2 });
    const reaudit = await reauditOf(store, audits);
    return c.json({
      profile,
      reaudit: reaudit ?? null,
      seriesNote: history.analysis?.series.note ?? null,
      series: history.analysis?.series.days ?? [],
      events: history.analysis?.events ?? [],
    });
  });

  api.post(
    '/profiles/:platform/:id/history',
    token,
    bodyLimit({
      maxSize: HISTORY_BODY_BYTES,
      onError: () => {
        throw new ProblemError(413, `the history is larger than ${HISTORY_BODY_BYTES / 1024 / 1024} MiB`);
      },
    }),
    async (c) => {
      const { platform, id: pathId } = parseOrProblem(profilePathSchema, c.req.param(), 'profile path');
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (type !== '' && !HISTORY_TYPES.includes(type))
        throw new ProblemError(
          415,
          `cannot take a ${type} body: send the history CSV (date,followers[,following,posts]) itself as ${HISTORY_TYPES.join(', ')}`,
        );
      // A stored profile may be named by handle, as on every other profile route; snapshots are kept by platform id.
      const known = await findProfile(store, platform, pathId);
      if (pathId.startsWith('@') && known?.id == null)
        throw new ProblemError(
          404,
          `no stored profile ${platform}:${pathId} with a platform id: import into ${platform}:<platform id> (GET /api/v1/audits names the stored profiles)`,
        );
      const id = known?.id ?? pathId;
      const name = c.req.query('filename') ?? 'history.csv';
      let history: ReturnType<typeof parseHistoryCsv>;
      try {
        history = parseHistoryCsv(await c.req.text(), name);
      } catch (error) {
        if (error instanceof InputError) throw new ProblemError(422, error.message);
        throw error;
      }
      for (const row of history.rows)
        await store.addSnapshot({
          platform,
          profileId: id,
          ...(known?.handle == null ? {} : { handle: known.handle }),
          observedAt: row.at,
          followersCount: row.followers,
          ...(row.following === undefined ? {} : { followingCount: row.following }),
          ...(row.posts === undefined ? {} : { postsCount: row.posts }),
          source: `import:${name}`,
        });
      return c.json(
        { imported: history.rows.length, duplicateDates: history.duplicateDates, rejected: history.rejected },
        201,
      );
    },
  );

  return api;
}
