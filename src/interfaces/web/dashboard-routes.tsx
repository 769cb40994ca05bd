// The dashboard's routes: sign-in and sign-out, then — only with a session — the audits list, an audit, a profile and the upload form.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { z } from 'zod';
import { QueueFullError } from '../../jobs/audit/submit-audit-job.ts';
import { JobCommitUnknownError } from '../../store/jobs/audit-job-store.ts';
import { loadFollowOrderView } from '../follow-order-view.ts';
import type { AppContext } from '../http/app-options.ts';
import { clientKey } from '../http/auth/failure-throttle.ts';
import {
  auditIdSchema,
  auditListQuerySchema,
  followerPageOptions,
  followerPageQuerySchema,
  profilePathSchema,
} from '../http/openapi/api-schemas.ts';
import { ProblemError, parseOrProblem } from '../http/problem.ts';
import { auditsOfProfile, findProfile } from '../http/profile-lookup.ts';
import { createAuditFromRequest } from '../http/upload/create-audit-from-request.ts';
import { historyOfSnapshots } from '../profile-history.ts';
import { reauditOf } from '../reaudit.ts';
import { renderFollowOrderCard } from '../report/html/follow-order-svg.ts';
import { renderHtmlReport } from '../report/html/html-report.ts';
import { streamFollowerCsv } from './audits/audit-downloads.ts';
import { AuditPage } from './audits/audit-page.tsx';
import { AUDITS_PER_PAGE, AuditsPage } from './audits/audits-page.tsx';
import { DeleteAuditPage } from './audits/delete-audit-page.tsx';
import { FollowersPage } from './audits/followers-page.tsx';
import { createCampaignRoutes } from './campaigns/campaign-routes.tsx';
import { addFetchJobPages } from './jobs/fetch-job-pages.tsx';
import { addJobPages, jobPagePath } from './jobs/job-pages.tsx';
import { UploadPage } from './jobs/upload-page.tsx';
import { sendPage } from './page-layout.tsx';
import { addCompareRoutes } from './profiles/compare-routes.tsx';
import { ProfilePage } from './profiles/profile-page.tsx';
import { addReviewPages } from './review/review-pages.tsx';
import { endSession, requireSession, type SessionVariables, safeNext, startSession } from './session.ts';
import { SignInPage } from './sign-in-page.tsx';
import { createAssetRoutes } from './static-assets.ts';

/** Followers listed on an audit's page, most suspicious first; the followers page shows them all. */
const SUSPICIOUS_SHOWN = 10;
const FOLLOWERS_PER_PAGE = 50;
/** The followers page's query: the API's filters, and where the page starts (for numbering the rows). */
const followersPageQuery = followerPageQuerySchema(FOLLOWERS_PER_PAGE).extend({
  from: z.coerce.number().int().min(1).default(1),
  limit: z.literal(FOLLOWERS_PER_PAGE).default(FOLLOWERS_PER_PAGE),
});

/** A form's empty fields are filters not set. */
function filledIn(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value.trim() !== ''));
}
const SIGN_IN_BODY_BYTES = 16 * 1024;

const signInFormSchema = z.object({
  token: z.string().trim().min(1).max(512),
  next: z.string().max(2048).optional(),
});

export function createDashboard(context: AppContext): Hono<{ Variables: SessionVariables }> {
  const { store, limits, throttle, trustProxy, sessionLifetimeMs } = context;
  const maxUploadMiB = Math.round(limits.uploadBytes / (1024 * 1024));
  const web = new Hono<{ Variables: SessionVariables }>();

  web.route('/assets', createAssetRoutes());
  // Forms are posted from this site's own pages only (SameSite=Strict cookies, and the Origin checked here).
  web.use('*', csrf());

  web.get('/sign-in', (c) => sendPage(c, <SignInPage next={safeNext(c.req.query('next'))} />));

  web.post('/sign-in', bodyLimit({ maxSize: SIGN_IN_BODY_BYTES }), async (c) => {
    const form = signInFormSchema.safeParse(await c.req.parseBody());
    const next = safeNext(form.data?.next);
    const client = clientKey(c, trustProxy);
    const wait = throttle.retryAfter(client);
    if (wait !== undefined) {
      c.header('Retry-After', String(wait));
      return sendPage(
        c,
        <SignInPage next={next} problem={`Too many failed sign-ins from here: try again in ${wait} s.`} />,
        429,
      );
    }
    const token = form.data?.token;
    const apiToken = token === undefined ? undefined : await store.verifyToken(token);
    if (apiToken === undefined) {
      throttle.fail(client);
      return sendPage(c, <SignInPage next={next} problem="That token is unknown or revoked." />, 401);
    }
    await startSession(c, store, apiToken, { lifetimeMs: sessionLifetimeMs, trustProxy });
    return c.redirect(next, 303);
  });

  web.post('/sign-out', async (c) => {
    await endSession(c, store, trustProxy);
    return c.redirect('/sign-in', 303);
  });

  web.use('*', requireSession(store, trustProxy));

  web.get('/', (c) => c.redirect('/audits', 303));
  web.route('/', createCampaignRoutes(context));

  web.get('/audits', async (c) => {
    const { offset } = parseOrProblem(auditListQuerySchema, c.req.query(), 'query');
    const audits = await store.listAudits({ limit: AUDITS_PER_PAGE + 1, offset });
    return sendPage(
      c,
      <AuditsPage
        audits={audits.slice(0, AUDITS_PER_PAGE)}
        offset={offset}
        hasMore={audits.length > AUDITS_PER_PAGE}
      />,
    );
  });

  const auditOr404 = async (param: Record<string, string>) => {
    const { id } = parseOrProblem(auditIdSchema, param, 'audit id');
    const audit = await store.getAudit(id);
    if (audit === undefined) throw new ProblemError(404, `There is no audit #${id}.`);
    return audit;
  };

  web.get('/audits/:id', async (c) => {
    const audit = await auditOr404(c.req.param());
    const page = await store.pageFollowers(audit.id, { sort: 'pFake desc', limit: SUSPICIOUS_SHOWN });
    const followOrder = await loadFollowOrderView(store, audit);
    return sendPage(
      c,
      <AuditPage audit={audit} suspicious={page?.followers ?? []} followOrder={followOrder} />,
    );
  });

  web.get('/audits/:id/followers', async (c) => {
    const audit = await auditOr404(c.req.param());
    const query = parseOrProblem(followersPageQuery, filledIn(c.req.query()), 'filters');
    const page = await store.pageFollowers(audit.id, followerPageOptions(query));
    const { type, sort, minP, maxP, reason } = query;
    return sendPage(
      c,
      <FollowersPage
        audit={audit}
        filters={{ type, sort, minP, maxP, reason: reason || undefined }}
        followers={page?.followers ?? []}
        first={query.cursor === undefined ? 1 : query.from}
        nextCursor={page?.nextCursor ?? null}
      />,
    );
  });

  web.get('/audits/:id/report.json', async (c) => {
    const audit = await auditOr404(c.req.param());
    c.header('Content-Disposition', `attachment; filename="realreach-audit-${audit.id}.json"`);
    return c.json(audit.report);
  });

  web.get('/audits/:id/report.html', async (c) => {
    const audit = await auditOr404(c.req.param());
    c.header('Content-Disposition', `attachment; filename="realreach-audit-${audit.id}.html"`);
    const picture = await loadFollowOrderView(store, audit);
    return c.html(
      renderHtmlReport(
        audit.report,
        audit.report.mostSuspicious,
        picture ? [renderFollowOrderCard(picture)] : [],
      ),
    );
  });

  web.get('/audits/:id/followers.csv', async (c) => {
    const audit = await auditOr404(c.req.param());
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="realreach-audit-${audit.id}-followers.csv"`);
    return c.body(streamFollowerCsv(store, audit.id));
  });

  addReviewPages(web, store);
  addCompareRoutes(web, store);

  web.get('/audits/:id/delete', async (c) => {
    const audit = await auditOr404(c.req.param());
    return sendPage(c, <DeleteAuditPage audit={audit} />);
  });

  web.post('/audits/:id/delete', async (c) => {
    const audit = await auditOr404(c.req.param());
    await store.deleteAudit(audit.id);
    return c.redirect('/audits', 303);
  });

  web.get('/profiles/:platform/:id', async (c) => {
    const { platform, id } = parseOrProblem(profilePathSchema, c.req.param(), 'profile path');
    const profile = await findProfile(store, platform, id);
    if (profile === undefined) throw new ProblemError(404, `There is no saved ${platform} profile ${id}.`);
    const [snapshots, audits] = await Promise.all([
      profile.id === null ? [] : store.listSnapshots(platform, profile.id),
      store.listAudits({
        profile: auditsOfProfile(profile),
        limit: AUDITS_PER_PAGE,
      }),
    ]);
    const events = historyOfSnapshots(snapshots, platform).analysis?.events ?? [];
    const reaudit = await reauditOf(store, audits);
    return sendPage(
      c,
      <ProfilePage
        profile={profile}
        snapshots={snapshots}
        audits={audits}
        events={events}
        reaudit={reaudit}
      />,
    );
  });

  addJobPages(web, context);
  addFetchJobPages(web, context);

  web.get('/upload', (c) => sendPage(c, <UploadPage maxUploadMiB={maxUploadMiB} />));

  web.post('/upload', async (c) => {
    try {
      const { jobId } = await createAuditFromRequest({ ...context, owner: 'dashboard' }, c.req.raw, {});
      return c.redirect(jobPagePath(jobId), 303);
    } catch (error) {
      if (error instanceof QueueFullError)
        return sendPage(c, <UploadPage maxUploadMiB={maxUploadMiB} problem={error.message} />, 429);
      if (error instanceof JobCommitUnknownError)
        return sendPage(
          c,
          <UploadPage
            maxUploadMiB={maxUploadMiB}
            problem={`The database went away while this upload was being stored as audit job ${error.jobId}: it may have been stored all the same. Open ${jobPagePath(error.jobId)} before uploading it again (if that page is not found, it was not stored).`}
          />,
          503,
        );
      if (!(error instanceof ProblemError)) throw error;
      return sendPage(c, <UploadPage maxUploadMiB={maxUploadMiB} problem={error.message} />, error.status);
    }
  });

  return web;
}
