// Draws synthetic X followers of three kinds — people, bought fake followers, spam bots — whose fields relate the way those populations' fields do in published descriptions and in the shared collections' summary distributions.
//
// Sources. Each population's marginal distributions (quantiles 10/25/50/75/90 %) and rank correlations are the
// aggregates `node --import tsx examples/describe-populations.ts` prints from the shared labelled collections —
// summaries only, no row or identifier is copied: people = cresci-2015 E13 and cresci-2017 genuine accounts (4,659);
// bought fake followers = cresci-2015 INT (1,070); spam bots = cresci-2017 traditional spambots #1 (1,000). What the
// populations are and how their fields go together follows:
// - Cresci, Di Pietro, Petrocchi, Spognardi & Tesconi (2015), "Fame for sale: efficient detection of fake Twitter
//   followers", Decision Support Systems 80: bought followers follow far more accounts than follow them, post little,
//   are made in batches; the Camisani-Calzolari and Socialbakers rules the paper evaluates (default avatar, no bio,
//   following/followers ratio, never posted, link-only posting) are the traits a vendor's cheaper stock shows, while
//   the intertwitter (INT) stock fills bios and locations to pass them.
// - Cresci, Di Pietro, Petrocchi, Spognardi & Tesconi (2017), "The paradigm-shift of social spambots", WWW
//   Companion: traditional spambots follow many to be followed back, post promotional links, leave profiles bare.
// - Varol, Ferrara, Davis, Menczer & Flammini (2017), "Online human-bot interactions: detection, estimation, and
//   characterization", ICWSM (Botometer); Yang, Varol, Hui & Menczer (2020), "Scalable and generalizable social bot
//   detection through data selection", AAAI (BotometerLite): profile counts, their ratios and rates per day of age,
//   and how the screen name relates to the display name are what separates these populations.
//
// How a population is drawn (the realism properties, fixed before the demo was first generated and audited):
// - every count and the account's age follows the population's quantiles (a piecewise log-linear inverse CDF
//   through them, extended past the 10 % and 90 % points by the end segments' slopes);
// - the counts co-vary through one latent factor per account (a one-factor Gaussian copula whose loadings give the
//   printed rank correlations: people's followers, following, posting rate, likes and lists rise together; a batch of
//   bought followers keeps following and posting as it ages, so their counts rise with age; spam bots' followers rise
//   with their following — follow-back);
// - people's posts are their posting rate × their age; the others' counts are drawn as counts;
// - a person's display name is a name (one to three words) and the handle is derived from it as people derive theirs
//   (the name run together, first name and initial, name with a birth year, or a nickname unrelated to it); a bought
//   follower has a two-word name and a handle from it without digits; a spam bot a one- or two-word name and, for a
//   quarter of them, digits in the handle;
// - bios, links, locations, default avatars, banners and private profiles occur at each population's shares.
import type { Account, Label } from '../src/core/account.ts';

/** The 10, 25, 50, 75 and 90 % points of a distribution. */
type Quantiles = readonly [number, number, number, number, number];

/** Normal scores of the 10, 25, 50, 75 and 90 % points. */
const NORMAL_SCORES = [-1.2816, -0.6745, 0, 0.6745, 1.2816] as const;

/** The value at normal score `s` of a distribution given by its quantiles (log1p-linear between them). */
export function quantileAt(q: Quantiles, s: number, min = 0, max = Number.POSITIVE_INFINITY): number {
  const y = q.map((value) => Math.log1p(value));
  let k = 0;
  while (k < 3 && s > (NORMAL_SCORES[k + 1] as number)) k++;
  const x0 = NORMAL_SCORES[k] as number;
  const x1 = NORMAL_SCORES[k + 1] as number;
  const y0 = y[k] as number;
  const y1 = y[k + 1] as number;
  const value = Math.expm1(y0 + ((y1 - y0) * (s - x0)) / (x1 - x0));
  return Math.min(max, Math.max(min, value));
}

export type DemoKind = 'human' | 'fake' | 'bot';

interface Counts {
  followers: Quantiles;
  following: Quantiles;
  likes: Quantiles;
  listed: Quantiles;
  ageDays: Quantiles;
  /** People: posts per day (posts = rate × age); the others: posts. */
  posts: Quantiles;
  postsArePerDay: boolean;
  /** Loadings on the account's latent factor, in the order followers, following, posts, likes, listed, age. */
  loadings: readonly [number, number, number, number, number, number];
  maxFollowing: number;
}

interface Population {
  counts: Counts;
  bioLength: Quantiles;
  shares: {
    link: number;
    location: number;
    defaultAvatar: number;
    banner: number;
    private: number;
    verified: number;
  };
}

/** From examples/describe-populations.ts (quantiles 10/25/50/75/90 %; shares; Spearman correlations). */
export const POPULATIONS: Record<DemoKind, Population> = {
  human: {
    counts: {
      followers: [37, 96, 261, 641, 1559],
      following: [79, 153, 297, 588, 1191],
      posts: [0.24, 0.91, 3.9, 13, 32],
      postsArePerDay: true,
      likes: [6, 62, 621, 3256, 9428],
      listed: [0, 0, 2, 6, 24],
      ageDays: [367, 788, 1210, 1775, 2155],
      // followers~following 0.70, followers~posts 0.77, followers~listed 0.67, posts~likes 0.66, followers~age 0.18
      loadings: [0.9, 0.78, 0.85, 0.75, 0.75, 0.2],
      maxFollowing: 5000,
    },
    bioLength: [6, 24, 59, 113, 149],
    shares: {
      link: 0.349,
      location: 0.676,
      defaultAvatar: 0.004,
      banner: 0.849,
      private: 0.017,
      verified: 0.002,
    },
  },
  fake: {
    counts: {
      followers: [2, 13, 18, 22, 25],
      following: [43, 276, 343, 535, 628],
      posts: [4, 26, 35, 52, 63],
      postsArePerDay: false,
      likes: [0, 0, 0, 0, 0],
      listed: [0, 0, 0, 0, 0],
      ageDays: [723, 963, 965, 966, 966],
      // following~age 0.93, posts~age 0.84, followers~age 0.58, followers~following 0.65
      loadings: [0.65, 0.96, 0.88, 0, 0, 0.96],
      maxFollowing: 2001,
    },
    bioLength: [0, 15, 56, 119, 149],
    shares: {
      link: 0,
      location: 0.96,
      defaultAvatar: 0.004,
      banner: 0.001,
      private: 0,
      verified: 0,
    },
  },
  bot: {
    counts: {
      followers: [54, 96, 199, 638, 1118],
      following: [391, 593, 959, 1833, 1999],
      posts: [1, 2, 16, 69, 228],
      postsArePerDay: false,
      likes: [0, 0, 0, 0, 1],
      listed: [0, 0, 1, 3, 7],
      ageDays: [297, 322, 427, 465, 503],
      // followers~following 0.72, followers~posts 0.72, followers~listed 0.66, followers~age -0.20
      loadings: [0.85, 0.85, 0.85, 0.3, 0.78, -0.2],
      maxFollowing: 2001,
    },
    bioLength: [0, 0, 0, 0, 73],
    shares: {
      link: 0.396,
      location: 0.243,
      defaultAvatar: 0,
      banner: 0,
      private: 0,
      verified: 0,
    },
  },
};

const FIRST_NAMES = [
  'Maria',
  'James',
  'Aisha',
  'Luca',
  'Sofia',
  'Daniel',
  'Chloe',
  'Mateo',
  'Emma',
  'Kenji',
  'Fatima',
  'Oliver',
  'Ana',
  'David',
  'Nina',
  'Samuel',
  'Laura',
  'Omar',
  'Julia',
  'Tom',
  'Priya',
  'Lucas',
  'Sara',
  'Ben',
  'Elena',
  'Marco',
  'Hannah',
  'Diego',
  'Grace',
  'Ivan',
  'Lea',
  'Noah',
  'Mia',
  'Adam',
  'Zoe',
  'Pedro',
  'Amira',
  'Jonas',
  'Clara',
  'Ravi',
];
const LAST_NAMES = [
  'Garcia',
  'Smith',
  'Rossi',
  'Khan',
  'Silva',
  'Muller',
  'Tanaka',
  'Novak',
  'Okafor',
  'Dubois',
  'Jensen',
  'Lopez',
  'Brown',
  'Costa',
  'Kim',
  'Haddad',
  'Petrov',
  'Moreau',
  'Schmidt',
  'Nguyen',
  'Fischer',
  'Santos',
  'Walker',
  'Ivanova',
  'Bianchi',
  'Mendes',
  'Olsen',
  'Weber',
  'Park',
  'Ferreira',
  'Kowalski',
  'Ali',
  'Martin',
  'Evans',
  'Sato',
  'Romero',
  'Becker',
  'Hughes',
  'Lindqvist',
  'Mwangi',
];
const NICKNAME_PARTS = [
  'blue',
  'fox',
  'coffee',
  'night',
  'owl',
  'pixel',
  'sun',
  'river',
  'wolf',
  'lemon',
  'paper',
  'storm',
  'jazz',
  'maple',
  'echo',
  'tiger',
  'cloud',
  'salt',
  'nova',
  'mint',
  'rocket',
  'velvet',
  'atlas',
  'indigo',
];
const PERSON_BIO = [
  'coffee lover',
  'dad of two',
  'mum of three',
  'software engineer',
  'runner',
  'views my own',
  'photographer',
  'teacher',
  'football fan',
  'reader of too many books',
  'traveller',
  'nurse',
  'student',
  'designer',
  'amateur cook',
  'music, films and long walks',
  'working in marketing',
  'cyclist',
  'PhD student',
  'gardener',
  'retired and loving it',
  'news junkie',
  'gamer',
  'climber',
];
const BOUGHT_BIO = [
  'Life is beautiful',
  'Dream big and never give up',
  'Live, laugh, love',
  'Follow your heart',
  'Be yourself, everyone else is taken',
  'Music is my life',
  'Happiness is a choice',
  'Enjoy every moment',
  'Smile',
  'Keep calm and carry on',
];
const SPAM_BIO = [
  'Best deals every day',
  'Follow for daily offers',
  'Make money online',
  'Free followers, click the link',
  'Cheap flights and hotels',
  'Win an iPhone',
  'Top crypto signals',
  'Work from home',
];
const CITIES = [
  'Lisbon',
  'Berlin',
  'Austin, TX',
  'Lagos',
  'Pune',
  'Osaka',
  'Quito',
  'Manchester',
  'Toronto',
  'Nairobi',
  'São Paulo',
  'Milan',
  'Melbourne',
  'Warsaw',
  'Seoul',
  'Madrid',
  'Chicago',
  'Lyon',
  'Istanbul',
  'Dublin',
];

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
const lower = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A text of about `length` characters from `phrases` (each once at most), cut at a phrase. */
function textOf(random: () => number, phrases: readonly string[], length: number, joiner: string): string {
  const left = [...phrases];
  let text = '';
  while (text.length < length && left.length > 0) {
    const next = left.splice(Math.floor(random() * left.length), 1)[0] as string;
    if (text.length > 0 && text.length + joiner.length + next.length > length + 12) break;
    text = text.length === 0 ? next : `${text}${joiner}${next}`;
  }
  return text;
}

/** A person's display name and the handle made from it, as people make theirs. */
function personName(random: () => number): { name: string; handle: string } {
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  const words = random();
  const name =
    words < 0.3
      ? first
      : words < 0.9
        ? `${first} ${last}`
        : `${first} ${pick(random, FIRST_NAMES).slice(0, 1)}. ${last}`;
  const year = String(60 + Math.floor(random() * 45))
    .padStart(2, '0')
    .slice(-2);
  const style = random();
  let handle: string;
  // The name run together and first_last both read as the name (letters and digits compared): 13 % in all.
  if (style < 0.07) handle = lower(name);
  else if (style < 0.13) handle = `${lower(first)}_${lower(last)}`;
  else if (style < 0.25) handle = `${lower(first)}_${lower(last).slice(0, 3)}`;
  else if (style < 0.37) handle = `${lower(first).slice(0, 1)}${lower(last)}`;
  else if (style < 0.47) handle = `${lower(first)}${lower(last)}${year}`;
  else if (style < 0.55) handle = `${lower(first)}${lower(last).slice(0, 1)}`;
  else
    handle = `${pick(random, NICKNAME_PARTS)}${pick(random, NICKNAME_PARTS)}${random() < 0.25 ? year : ''}`;
  return { name, handle: handle.slice(0, 15) };
}

/** A bought follower's two-word name and a handle from it without digits (the INT stock). */
function boughtName(random: () => number): { name: string; handle: string } {
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  const style = random();
  const f = lower(first);
  const l = lower(last);
  const handle =
    style < 0.03
      ? `${f}${l}`
      : style < 0.35
        ? `${f}${l.slice(0, 3)}`
        : style < 0.6
          ? `${l}${f.slice(0, 2)}`
          : style < 0.8
            ? `${f.slice(0, 3)}${l}${pick(random, NICKNAME_PARTS)}`
            : `${f}${pick(random, NICKNAME_PARTS)}`;
  return { name: `${first} ${last}`, handle: handle.slice(0, 15) };
}

/** A spam bot's one- or two-word name and its handle, with digits for a quarter of them. */
function spamName(random: () => number): { name: string; handle: string } {
  const brand = `${pick(random, NICKNAME_PARTS)}${pick(random, ['deals', 'shop', 'news', 'offers', 'promo'])}`;
  const name =
    random() < 0.5
      ? `${brand[0]?.toUpperCase()}${brand.slice(1)}`
      : `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
  const style = random();
  const digits = random() < 0.25 ? String(10 + Math.floor(random() * 990)) : '';
  // 12 % use the name itself; the others a part of it with digits (a quarter) or with another word.
  const handle =
    style < 0.12
      ? lower(name)
      : digits !== ''
        ? `${lower(name).slice(0, 8)}${digits}`
        : `${lower(name).slice(0, 6)}${pick(random, ['official', 'hq', 'club', 'daily', 'world'])}`;
  return { name, handle: handle.slice(0, 15) };
}

/** One follower of a kind, observed at `observedAt`, with id `id`. */
export function drawFollower(random: () => number, kind: DemoKind, id: string, observedAt: Date): Account {
  const population = POPULATIONS[kind];
  const { counts, shares } = population;
  const factor = normal(random);
  const score = (loading: number) => loading * factor + Math.sqrt(1 - loading * loading) * normal(random);
  const [lFollowers, lFollowing, lPosts, lLikes, lListed, lAge] = counts.loadings;
  const ageDays = quantileAt(counts.ageDays, score(lAge), 30);
  const followers = Math.round(quantileAt(counts.followers, score(lFollowers)));
  const following = Math.round(quantileAt(counts.following, score(lFollowing), 0, counts.maxFollowing));
  const postDraw = quantileAt(counts.posts, score(lPosts));
  // Every account of the three collections but 0.7 % of bought followers has posted.
  const posts = Math.max(1, Math.round(counts.postsArePerDay ? postDraw * ageDays : postDraw));
  const likes = Math.round(quantileAt(counts.likes, score(lLikes)));
  const listed = Math.round(quantileAt(counts.listed, score(lListed)));
  const { name, handle } =
    kind === 'human' ? personName(random) : kind === 'fake' ? boughtName(random) : spamName(random);
  // The length quantiles count empty bios as 0, so a bio is there when the drawn length is.
  const bioLength = Math.round(quantileAt(population.bioLength, normal(random), 0, 160));
  const bio =
    bioLength > 0
      ? textOf(
          random,
          kind === 'human' ? PERSON_BIO : kind === 'fake' ? BOUGHT_BIO : SPAM_BIO,
          bioLength,
          kind === 'human' ? ' · ' : '. ',
        )
      : '';
  const link =
    random() < shares.link
      ? kind === 'bot'
        ? `https://${pick(random, NICKNAME_PARTS)}-offers.example.net/${Math.floor(random() * 1000)}`
        : `https://${handle}.example.com`
      : '';
  const location = random() < shares.location ? pick(random, CITIES) : '';
  return {
    platform: 'x',
    id,
    handle,
    displayName: name,
    bio,
    url: link,
    location,
    followersCount: followers,
    followingCount: following,
    postsCount: posts,
    likesCount: likes,
    listedCount: listed,
    hasDefaultAvatar: random() < shares.defaultAvatar,
    hasBanner: random() < shares.banner,
    isVerified: random() < shares.verified,
    isPrivate: random() < shares.private,
    createdAt: new Date(observedAt.getTime() - Math.round(ageDays * 86_400) * 1000),
    observedAt,
    source: { format: 'synthetic', file: 'generated' },
  };
}

/** The demo's label for a kind: the generator's truth, as labelled collections write it. */
export const LABEL_OF: Record<DemoKind, Label> = { human: 'human', fake: 'fake', bot: 'bot' };
