// Starts the local stand-ins for the Mastodon, Bluesky and X APIs (the ones the tests use) with a synthetic profile and followers each, and prints the `realreach fetch` command for each: fetch tried offline, no account or token needed.
// Run: node --import tsx scripts/local-api-servers.ts [--followers 300]   (Ctrl-C stops them)
import { parseArgs } from 'node:util';
import {
  startLocalBlueskyServer,
  syntheticBlueskyProfile,
} from '../src/connectors/bluesky/local-bluesky-server.ts';
import type { LocalApiServer } from '../src/connectors/local-api-server.ts';
import {
  startLocalMastodonServer,
  syntheticMastodonAccount,
} from '../src/connectors/mastodon/local-mastodon-server.ts';
import { startLocalXServer, syntheticXUser } from '../src/connectors/x/local-x-server.ts';

/** The token the local X server takes: a made-up one, for this server only. */
const LOCAL_X_TOKEN = 'local-x-token';
const MASTODON_DOMAIN = 'mastodon.example';

const { values } = parseArgs({ options: { followers: { type: 'string', default: '300' } } });
const count = Number(values.followers);
if (!Number.isInteger(count) || count < 1 || count > 100_000) {
  process.stderr.write(`--followers: expected a whole number from 1 to 100000, got "${values.followers}"\n`);
  process.exit(2);
}
const indices = Array.from({ length: count }, (_, i) => i);

const mastodon = await startLocalMastodonServer({
  domain: MASTODON_DOMAIN,
  profile: {
    ...syntheticMastodonAccount(1_000_000, MASTODON_DOMAIN),
    username: 'alice',
    acct: 'alice',
    followers_count: count,
  },
  followers: indices.map((i) => syntheticMastodonAccount(i, MASTODON_DOMAIN)),
});
const bluesky = await startLocalBlueskyServer({
  profile: { ...syntheticBlueskyProfile(1_000_000), handle: 'harbour-books.test', followersCount: count },
  followers: indices.map((i) => syntheticBlueskyProfile(i)),
});
const x = await startLocalXServer({
  bearerToken: LOCAL_X_TOKEN,
  profile: { ...syntheticXUser(1_000_000), username: 'harbour' },
  followers: indices.map((i) => syntheticXUser(i)),
});
const servers: LocalApiServer[] = [mastodon, bluesky, x];

const printed = [
  `Local API servers with ${count} synthetic followers each (Ctrl-C stops them):`,
  `Mastodon ${mastodon.url}  realreach fetch @alice@${MASTODON_DOMAIN} --base-url ${mastodon.url} --out alice.jsonl`,
  `Bluesky  ${bluesky.url}  realreach fetch bsky:harbour-books.test --base-url ${bluesky.url} --out harbour-bsky.jsonl`,
  `X        ${x.url}  X_BEARER_TOKEN=${LOCAL_X_TOKEN} realreach fetch x:harbour --base-url ${x.url} --yes --out harbour-x.jsonl`,
];
process.stdout.write(`${printed.join('\n')}\n`);

async function stop(): Promise<void> {
  await Promise.all(servers.map((server) => server.close()));
  process.exit(0);
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
