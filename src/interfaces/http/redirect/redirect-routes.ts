// `/r/<slug>` in the full server (a Hono route) and the redirect-only server (plain node:http, the hot path with nothing else on it).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Hono } from 'hono';
import {
  clientAddress,
  type RedirectAnswer,
  RedirectHandler,
  type RedirectOptions,
} from './redirect-handler.ts';

const NOT_FOUND_BODY = 'no such link\n';

/** The node server puts the socket in `env.incoming`; tests pass the same shape to app.request(). */
type NodeEnv = { incoming?: { socket?: { remoteAddress?: string } } };

function redirectResponse(location: RedirectAnswer): Response {
  if (location === undefined)
    return new Response(NOT_FOUND_BODY, {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  return new Response(null, {
    status: 302,
    headers: { Location: location, 'Cache-Control': 'private, no-store' },
  });
}

export function createRedirectRoutes(options: RedirectOptions): Hono {
  const handler = new RedirectHandler(options);
  const routes = new Hono();
  // GET and HEAD only (Hono answers HEAD from the GET route); anything after the slug is not a link.
  routes.get('/:slug', async (c) =>
    redirectResponse(
      await handler.answer({
        slug: c.req.param('slug'),
        method: c.req.method,
        ip: clientAddress(
          handler.trustProxy,
          c.req.header('x-forwarded-for'),
          (c.env as NodeEnv | undefined)?.incoming?.socket?.remoteAddress,
        ),
        header: (name) => c.req.header(name),
      }),
    ),
  );
  routes.all('*', () => redirectResponse(undefined));
  return routes;
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function end(response: ServerResponse, status: number, headers: Record<string, string>, body?: string): void {
  response.writeHead(status, headers);
  response.end(body);
}

/** The redirect-only server (`realreach serve --redirect-only`): `/r/<slug>` and `/healthz`, nothing else. */
export function createRedirectServer(options: RedirectOptions, log: (line: string) => void): Server {
  const handler = new RedirectHandler(options);
  const notFound = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
  return createServer((request, response) => {
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD')
      return end(response, 405, { ...notFound, Allow: 'GET, HEAD' }, 'GET or HEAD only\n');
    if (path === '/healthz') return end(response, 200, { 'Content-Type': 'text/plain' }, 'ok\n');
    if (!path.startsWith('/r/')) return end(response, 404, notFound, NOT_FOUND_BODY);
    handler
      .answer({
        slug: path.slice(3),
        method,
        ip: clientAddress(
          handler.trustProxy,
          headerOf(request, 'x-forwarded-for'),
          request.socket.remoteAddress,
        ),
        header: (name) => headerOf(request, name),
      })
      .then(
        (location) => {
          if (location === undefined)
            end(response, 404, notFound, method === 'HEAD' ? undefined : NOT_FOUND_BODY);
          else end(response, 302, { Location: location, 'Cache-Control': 'private, no-store' });
        },
        (error: Error) => {
          log(`realreach serve: redirect failed: ${error.stack ?? error.message}`);
          end(response, 500, notFound, 'the redirect failed; the server log says why\n');
        },
      );
  });
}
