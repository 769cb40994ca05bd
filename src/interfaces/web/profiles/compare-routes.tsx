// The dashboard's compare routes: the page, and its CSV and JSON exports, read from the form's query (session-signed, like every dashboard page).
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import { stringify } from 'csv-stringify/sync';
import type { Env, Hono } from 'hono';
import { InputError } from '../../../core/errors.ts';
import { COMPARE_FORMULAS, type CompareRow, compareCsvRows } from '../../../growth/compare-profiles.ts';
import type { ProfileRef, Store } from '../../../store/store.ts';
import { compareStored } from '../../compare-candidates.ts';
import { auditsOfProfile } from '../../http/profile-lookup.ts';
import { sendPage } from '../page-layout.tsx';
import { ComparePage, candidateRef } from './compare-page.tsx';

const DEFAULT_CPM = 10;

interface CompareForm {
  chosen: string[];
  prices: Record<string, string>;
  cpmBenchmark: number;
  query: string;
}

function readForm(url: string): CompareForm {
  const params = new URL(url).searchParams;
  const chosen = params.getAll('c').filter((ref) => ref !== '');
  const prices: Record<string, string> = {};
  for (const [key, value] of params)
    if (key.startsWith('price:') && value.trim() !== '') prices[key.slice(6)] = value.trim();
  const cpm = Number(params.get('cpm'));
  return { chosen, prices, cpmBenchmark: cpm > 0 ? cpm : DEFAULT_CPM, query: params.toString() };
}

async function compareForm(store: Store, form: CompareForm): Promise<CompareRow[]> {
  const prices = new Map<string, number>();
  for (const [ref, text] of Object.entries(form.prices)) {
    const amount = Number(text);
    if (!(amount >= 0)) throw new InputError(`the price of ${ref} is not an amount: "${text}"`);
    if (amount > 0) prices.set(ref.toLowerCase(), amount);
  }
  return compareStored(store, form.chosen, prices, { cpmBenchmark: form.cpmBenchmark });
}

/**
 * The profiles the page offers: those with a saved audit (a profile known only from a watch, an imported history or a
 * campaign link has nothing to compare), each once — a handle-only record and the audited one read as one choice.
 */
async function comparableProfiles(store: Store): Promise<ProfileRef[]> {
  const offered = new Map<string, ProfileRef>();
  for (const profile of await store.listProfiles()) {
    const ref = candidateRef(profile);
    if (offered.has(ref)) continue;
    const audits = await store.listAudits({ profile: auditsOfProfile(profile), limit: 1 });
    if (audits.length > 0) offered.set(ref, profile);
  }
  return [...offered.values()];
}

export function addCompareRoutes<E extends Env>(web: Hono<E>, store: Store): void {
  web.get('/compare', async (c) => {
    const form = readForm(c.req.url);
    const profiles = await comparableProfiles(store);
    let rows: CompareRow[] | undefined;
    let error: string | undefined;
    if (form.chosen.length > 0)
      try {
        rows = await compareForm(store, form);
      } catch (failure) {
        if (!(failure instanceof InputError)) throw failure;
        error = failure.message;
      }
    return sendPage(c, <ComparePage profiles={profiles} {...form} rows={rows} error={error} />);
  });

  web.get('/compare.csv', async (c) => {
    const rows = await compareForm(store, readForm(c.req.url));
    c.header('Content-Disposition', 'attachment; filename="realreach-compare.csv"');
    return c.body(stringify(compareCsvRows(rows)), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  web.get('/compare.json', async (c) => {
    const form = readForm(c.req.url);
    const rows = await compareForm(store, form);
    c.header('Content-Disposition', 'attachment; filename="realreach-compare.json"');
    return c.json({
      candidates: rows,
      formulas: COMPARE_FORMULAS,
      cpmBenchmark: { value: form.cpmBenchmark, assumption: true },
    });
  });
}
