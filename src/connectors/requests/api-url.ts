// Builds request addresses under an API base that may carry a path of its own (a proxy at https://proxy.example/mastodon/).
export function apiUrl(
  base: string,
  path: string,
  query: Readonly<Record<string, string | readonly string[]>> = {},
): URL {
  const root = new URL(base.endsWith('/') ? base : `${base}/`);
  const url = new URL(path.replace(/^\//, ''), root);
  for (const [name, value] of Object.entries(query)) {
    for (const item of typeof value === 'string' ? [value] : value) url.searchParams.append(name, item);
  }
  return url;
}

/** The address without its query, as sources and snapshots name it. */
export function withoutQuery(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  return parsed.href;
}
