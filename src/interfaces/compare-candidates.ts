// Resolves what `compare` is given — saved audit ids or profiles — to their latest audits and histories, and compares them with their prices.
import type { Platform } from '../core/account.ts';
import { InputError } from '../core/errors.ts';
import {
  type CompareCandidate,
  type CompareOptions,
  type CompareRow,
  compareProfiles,
} from '../growth/compare-profiles.ts';
import type { ProfileRef, Store } from '../store/store.ts';
import { profileHistory } from './profile-history.ts';

/** `@alice`, `x:alice`, `mastodon:alice@example.social`, or an audit id such as `12`. */
export type CandidateRef = string;

function matchProfile(profiles: readonly ProfileRef[], ref: string): ProfileRef | undefined {
  const colon = ref.indexOf(':');
  const platform = colon > 0 ? (ref.slice(0, colon) as Platform) : undefined;
  const name = (colon > 0 ? ref.slice(colon + 1) : ref).replace(/^@/, '').toLowerCase();
  return profiles.find(
    (p) =>
      (platform === undefined || p.platform === platform) &&
      (p.handle?.toLowerCase() === name || p.id?.toLowerCase() === name),
  );
}

/** Parses `name=amount` price options; the name is matched against a candidate's ref, handle or audit id. */
export function parsePrices(values: readonly string[]): Map<string, number> {
  const prices = new Map<string, number>();
  for (const value of values) {
    const at = value.lastIndexOf('=');
    const amount = Number(value.slice(at + 1));
    if (at <= 0 || !(amount > 0))
      throw new InputError(`price "${value}": expected <handle or audit id>=<amount>, such as @alice=500`);
    prices.set(value.slice(0, at).replace(/^@/, '').toLowerCase(), amount);
  }
  return prices;
}

async function resolveCandidate(
  store: Store,
  profiles: readonly ProfileRef[],
  ref: string,
): Promise<CompareCandidate> {
  if (/^\d+$/.test(ref)) {
    const audit = await store.getAudit(Number(ref));
    if (audit === undefined) throw new InputError(`no saved audit with id ${ref}`);
    const profile = audit.profile;
    const history = profile === null ? undefined : await profileHistory(store, profile);
    return {
      name: audit.profile?.handle ? `@${audit.profile.handle}` : `audit ${audit.id}`,
      auditId: audit.id,
      report: audit.report,
      ...(history?.analysis === undefined ? {} : { events: history.analysis.events }),
    };
  }
  const profile = matchProfile(profiles, ref);
  if (profile === undefined)
    throw new InputError(`no saved profile ${ref}: audit it with --save first (realreach audits lists them)`);
  const [latest] = await store.listAudits({
    profile:
      profile.id !== null
        ? { platform: profile.platform, id: profile.id }
        : { platform: profile.platform, handle: profile.handle ?? '' },
    limit: 1,
  });
  if (latest === undefined) throw new InputError(`${ref} has a history but no saved audit to compare`);
  const audit = await store.getAudit(latest.id);
  if (audit === undefined) throw new InputError(`audit ${latest.id} of ${ref} cannot be read`);
  const history = await profileHistory(store, profile);
  return {
    name: profile.handle ? `@${profile.handle}` : ref,
    auditId: audit.id,
    report: audit.report,
    ...(history.analysis === undefined ? {} : { events: history.analysis.events }),
  };
}

export async function compareStored(
  store: Store,
  refs: readonly CandidateRef[],
  prices: ReadonlyMap<string, number>,
  options: CompareOptions,
): Promise<CompareRow[]> {
  if (refs.length < 2) throw new InputError('compare needs at least two candidates');
  const profiles = await store.listProfiles();
  const candidates: CompareCandidate[] = [];
  // two names of one saved audit (a handle and its audit id, a handle twice) would be ranked against itself
  const named = new Map<number, string>();
  for (const ref of refs) {
    const candidate = await resolveCandidate(store, profiles, ref);
    const { auditId } = candidate;
    if (auditId !== undefined) {
      const earlier = named.get(auditId);
      if (earlier !== undefined)
        throw new InputError(
          `${earlier} and ${ref} name the same saved audit (#${auditId}, ${candidate.name}): give each candidate once`,
        );
      named.set(auditId, ref);
    }
    const keys = [ref, candidate.name, candidate.report.profile?.handle ?? '', String(candidate.auditId)];
    const price = keys
      .map((key) => prices.get(key.replace(/^@/, '').toLowerCase()))
      .find((p) => p !== undefined);
    candidates.push(price === undefined ? candidate : { ...candidate, price });
  }
  return compareProfiles(candidates, options);
}
