// The dashboard's page shell — head with stylesheets (and chart scripts on pages that draw charts), the top bar, the content — and how a page is sent.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { assetUrl } from './static-assets.ts';

/** Scripts and styles from this server only; no inline script or style can run, even if an escaping bug let one in. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export type NavItem = 'audits' | 'jobs' | 'upload' | 'campaigns' | 'compare';

export interface PageShellProps {
  title: string;
  /** The top bar's links and sign-out button are shown to a signed-in browser only. */
  signedIn: boolean;
  current?: NavItem;
  /** Loads uPlot and the chart script. */
  charts?: boolean;
  children?: Child;
}

function NavLink(props: { href: string; item: NavItem; current?: NavItem; children: Child }) {
  return (
    <a href={props.href} aria-current={props.current === props.item ? 'page' : undefined}>
      {props.children}
    </a>
  );
}

export function PageShell(props: PageShellProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · realreach`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assetUrl('report.css')} />
        <link rel="stylesheet" href={assetUrl('dashboard.css')} />
        {props.charts && <link rel="stylesheet" href={assetUrl('uplot.min.css')} />}
        {props.charts && <script src={assetUrl('uplot.iife.min.js')} defer />}
        {props.charts && <script src={assetUrl('dashboard-charts.js')} defer />}
      </head>
      <body>
        <header class="topbar">
          <nav aria-label="realreach">
            <a class="brand" href="/audits">
              realreach
            </a>
            {props.signedIn && (
              <>
                <NavLink href="/audits" item="audits" current={props.current}>
                  Audits
                </NavLink>
                <NavLink href="/jobs" item="jobs" current={props.current}>
                  Jobs
                </NavLink>
                <NavLink href="/upload" item="upload" current={props.current}>
                  Upload
                </NavLink>
                <NavLink href="/campaigns" item="campaigns" current={props.current}>
                  Campaigns
                </NavLink>
                <NavLink href="/compare" item="compare" current={props.current}>
                  Compare
                </NavLink>
                <form method="post" action="/sign-out">
                  <button class="link" type="submit">
                    Sign out
                  </button>
                </form>
              </>
            )}
          </nav>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** Sends a page with its doctype, the content security policy and no caching (pages show private data). */
export function sendPage(c: Context, page: Child, status: ContentfulStatusCode = 200) {
  c.header('Content-Security-Policy', DASHBOARD_CSP);
  c.header('Cache-Control', 'no-store');
  return c.html(html`<!doctype html>${page}`, status);
}
