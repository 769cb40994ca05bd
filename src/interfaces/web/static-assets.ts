// The dashboard's static files — uPlot's script and stylesheet from node_modules, the report's and dashboard's CSS, the chart script — served from memory, never from a CDN.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Hono } from 'hono';
import { REPORT_CSS } from '../report/html/html-style.ts';

interface Asset {
  body: string;
  contentType: string;
  /** Part of the URL, so a changed file is a new URL and the old one may be cached for long. */
  version: string;
}

const require = createRequire(import.meta.url);
const ASSETS_DIR = join(import.meta.dirname, 'assets');

function asset(body: string, contentType: string): Asset {
  return { body, contentType, version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

const CSS = 'text/css; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

export const ASSETS = {
  'uplot.min.css': asset(readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'), CSS),
  'uplot.iife.min.js': asset(readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'), JS),
  'report.css': asset(REPORT_CSS, CSS),
  'dashboard.css': asset(readFileSync(join(ASSETS_DIR, 'dashboard.css'), 'utf8'), CSS),
  'dashboard-charts.js': asset(readFileSync(join(ASSETS_DIR, 'dashboard-charts.js'), 'utf8'), JS),
  'job-progress.js': asset(readFileSync(join(ASSETS_DIR, 'job-progress.js'), 'utf8'), JS),
} as const;
export type AssetName = keyof typeof ASSETS;

export function assetUrl(name: AssetName): string {
  return `/assets/${name}?v=${ASSETS[name].version}`;
}

export function createAssetRoutes(): Hono {
  const assets = new Hono();
  assets.get('/:name', (c) => {
    const found = Object.hasOwn(ASSETS, c.req.param('name'))
      ? ASSETS[c.req.param('name') as AssetName]
      : undefined;
    if (found === undefined) return c.text('no such asset', 404);
    return c.body(found.body, 200, {
      'Content-Type': found.contentType,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
  return assets;
}
