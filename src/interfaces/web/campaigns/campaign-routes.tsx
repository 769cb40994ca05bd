// The dashboard's campaign routes (signed in): list and create campaigns, a campaign's report page, its links, and its report as JSON or CSV.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */

import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { PLATFORMS, type Platform } from '../../../core/account.ts';
import { FieldError, InputError } from '../../../core/errors.ts';
import { countOf } from '../../../core/plural.ts';
import { loadCampaignReport } from '../../../store/campaign-report-loader.ts';
import { conversionFromFields } from '../../../value/conversion-fields.ts';
import { formatMoney, parseCurrency, parseMoney } from '../../../value/money.ts';
import { checkTarget } from '../../../value/tracked-target.ts';
import { importConversions } from '../../conversion-import.ts';
import type { AppContext } from '../../http/app-options.ts';
import { ProblemError, parseOrProblem } from '../../http/problem.ts';
import {
  CAMPAIGN_CSV_HEADER,
  campaignReportCsvRows,
  campaignReportJson,
} from '../../report/campaign-report-view.ts';
import { sendPage } from '../page-layout.tsx';
import type { SessionVariables } from '../session.ts';
import { CampaignPage, CampaignsPage } from './campaign-pages.tsx';

const FORM_BYTES = 16 * 1024;
const idSchema = z.strictObject({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
});
const campaignFormSchema = z.object({
  name: z.string().trim().min(1).max(200),
  brand: z.string().trim().max(200).optional(),
  cost: z.string().trim().max(32),
  currency: z.string().trim().max(8),
});
const linkFormSchema = z.object({ profile: z.string().trim().max(300), to: z.string().trim().max(2048) });
const conversionFormSchema = z.object({
  kind: z.string().max(20),
  amount: z.string().max(32).optional(),
  currency: z.string().max(8).optional(),
  orderId: z.string().max(200).optional(),
  clickId: z.string().max(64).optional(),
  code: z.string().max(200).optional(),
});
/** A conversions CSV from the dashboard: read as it streams, but a browser form is not for millions of rows. */
const IMPORT_BYTES = 32 * 1024 * 1024;
type NodeWebStream = Parameters<typeof Readable.fromWeb>[0];

/** `x:@handle` or `x:12345`, or a message saying what is expected. */
function profileFromText(
  text: string,
): { platform: Platform; id: string | null; handle: string | null } | string {
  const colon = text.indexOf(':');
  const platform = text.slice(0, colon);
  const key = text.slice(colon + 1);
  if (colon < 0 || !(PLATFORMS as readonly string[]).includes(platform) || key === '' || key === '@')
    return `Profile: expected platform:@handle or platform:id with a platform of ${PLATFORMS.join(', ')}, got "${text}".`;
  return key.startsWith('@')
    ? { platform: platform as Platform, id: null, handle: key.slice(1) }
    : { platform: platform as Platform, id: key, handle: null };
}

export function createCampaignRoutes(context: AppContext): Hono<{ Variables: SessionVariables }> {
  const { store } = context;
  const web = new Hono<{ Variables: SessionVariables }>();
  const limit = bodyLimit({ maxSize: FORM_BYTES });

  const campaignPage = async (
    id: number,
    origin: string,
    problem?: string,
    status: 200 | 400 | 422 = 200,
    notice?: string[],
  ) => {
    const report = await loadCampaignReport(store, id);
    if (report === undefined) throw new ProblemError(404, `There is no campaign #${id}.`);
    const links = await store.value.listLinks(id);
    return {
      page: (
        <CampaignPage report={report} links={links} publicUrl={origin} problem={problem} notice={notice} />
      ),
      status,
    };
  };

  web.get('/campaigns', async (c) =>
    sendPage(c, <CampaignsPage campaigns={await store.value.listCampaigns()} />),
  );

  web.post('/campaigns', limit, async (c) => {
    const form = campaignFormSchema.safeParse(await c.req.parseBody());
    let problem: string | undefined;
    if (!form.success) problem = 'Give the campaign a name, a cost and a currency.';
    else
      try {
        const cost = parseMoney(form.data.cost, parseCurrency(form.data.currency));
        const created = await store.value.createCampaign({
          name: form.data.name,
          brand: form.data.brand || null,
          startsOn: null,
          endsOn: null,
          cost,
          profiles: [],
        });
        return c.redirect(`/campaigns/${created.id}`, 303);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        problem = `Cost: ${error.message}.`;
      }
    return sendPage(
      c,
      <CampaignsPage campaigns={await store.value.listCampaigns()} problem={problem} />,
      400,
    );
  });

  web.get('/campaigns/:id', async (c) => {
    const { id } = parseOrProblem(idSchema, c.req.param(), 'campaign id');
    const { page, status } = await campaignPage(id, new URL(c.req.url).origin);
    return sendPage(c, page, status);
  });

  web.post('/campaigns/:id/links', limit, async (c) => {
    const { id } = parseOrProblem(idSchema, c.req.param(), 'campaign id');
    const form = linkFormSchema.safeParse(await c.req.parseBody());
    const origin = new URL(c.req.url).origin;
    if (!form.success)
      return sendPage(c, (await campaignPage(id, origin, 'Give the profile and the target.', 400)).page, 400);
    const profile = profileFromText(form.data.profile);
    const target = checkTarget(form.data.to);
    const problem =
      typeof profile === 'string' ? profile : target.ok ? undefined : `Sends to: ${target.reason}.`;
    if (problem !== undefined || typeof profile === 'string' || !target.ok)
      return sendPage(c, (await campaignPage(id, origin, problem, 400)).page, 400);
    const link = await store.value.createLink({ campaignId: id, profile, target: target.url });
    if (link === undefined) throw new ProblemError(404, `There is no campaign #${id}.`);
    return c.redirect(`/campaigns/${id}`, 303);
  });

  web.post('/campaigns/:id/conversions', limit, async (c) => {
    const { id } = parseOrProblem(idSchema, c.req.param(), 'campaign id');
    const origin = new URL(c.req.url).origin;
    const form = conversionFormSchema.safeParse(await c.req.parseBody());
    if (!form.success)
      return sendPage(c, (await campaignPage(id, origin, 'Give the kind of conversion.', 400)).page, 400);
    const blank = (value: string | undefined) =>
      value === undefined || value.trim() === '' ? undefined : value;
    try {
      const input = conversionFromFields(
        {
          kind: form.data.kind,
          campaign: id,
          orderId: blank(form.data.orderId),
          clickId: blank(form.data.clickId),
          amount: blank(form.data.amount),
          currency: blank(form.data.currency),
          code: blank(form.data.code),
        },
        'api',
        new Date(),
      );
      const { conversion, duplicate } = await store.value.addConversion(input);
      const what = `${conversion.kind}${conversion.amount ? ` ${formatMoney(conversion.amount)}` : ''}${conversion.externalId ? `, shop id ${conversion.externalId}` : ''}`;
      const notice = [
        duplicate ? `Already kept: ${what} (the same shop id again is one conversion).` : `Kept: ${what}.`,
      ];
      const { page } = await campaignPage(id, origin, undefined, 200, notice);
      return sendPage(c, page);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      const { page } = await campaignPage(id, origin, `${error.field}: ${error.reason}.`, 422);
      return sendPage(c, page, 422);
    }
  });

  web.post('/campaigns/:id/conversions/import', bodyLimit({ maxSize: IMPORT_BYTES }), async (c) => {
    const { id } = parseOrProblem(idSchema, c.req.param(), 'campaign id');
    const origin = new URL(c.req.url).origin;
    const file = (await c.req.parseBody()).file;
    if (!(file instanceof File) || file.size === 0)
      return sendPage(c, (await campaignPage(id, origin, 'Choose a CSV file to import.', 400)).page, 400);
    let summary: Awaited<ReturnType<typeof importConversions>>;
    try {
      summary = await importConversions(
        store,
        Readable.fromWeb(file.stream() as NodeWebStream),
        file.name || 'upload.csv',
        id,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return sendPage(c, (await campaignPage(id, origin, error.message, 422)).page, 422);
    }
    const notice = [
      `${file.name}: ${countOf(summary.read, 'row')} read, ${summary.stored} stored, ${summary.duplicates} already kept, ${summary.refused} refused.`,
      ...summary.refusedExamples.map((example) => `Refused ${example}`),
      ...(summary.ignoredColumns.length > 0
        ? [`Columns ignored: ${summary.ignoredColumns.join(', ')}.`]
        : []),
    ];
    return sendPage(c, (await campaignPage(id, origin, undefined, 200, notice)).page);
  });

  web.get('/campaigns/:id/report.json', async (c) => {
    const { id } = parseOrProblem(idSchema, c.req.param(), 'campaign id');
    const report = await loadCampaignReport(store, id);
    if (report === undefined) throw new ProblemError(404, `There is no campaign #${id}.`);
    c.header('Content-Disposition', `attachment; filename="campaign-${id}-report.json"`);
    return c.json(campaignReportJson(report));
  });

  web.get('/campaigns/:id/report.csv', async (c) => {
    const { id } = parseOrProblem(idSchema, c.req.param(), 'campaign id');
    const report = await loadCampaignReport(store, id);
    if (report === undefined) throw new ProblemError(404, `There is no campaign #${id}.`);
    return c.body(stringify([[...CAMPAIGN_CSV_HEADER], ...campaignReportCsvRows(report)]), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="campaign-${id}-report.csv"`,
    });
  });

  return web;
}
