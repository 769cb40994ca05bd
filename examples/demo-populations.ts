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
// How a population is drawn (the realism properties, fixed before the demo was first generated and audited; the text
// histograms and the follow-back share were added when the shift test, feature by feature
// (scripts/shift-by-feature.ts), found the demo's handles, names, bios and following/followers ratios unlike the
// collections'):
// - every count and the account's age follows the population's quantiles (a piecewise log-linear inverse CDF
//   through them, extended past the 10 % and 90 % points by the end segments' slopes);
// - the counts co-vary through one latent factor per account (a one-factor Gaussian copula whose loadings give the
//   printed rank correlations: people's followers, following, posting rate, likes and lists rise together; a batch of
//   bought followers keeps following and posting as it ages, so their counts rise with age; spam bots' followers rise
//   with their following — follow-back);
// - people's posts are their posting rate × their age; the others' counts are drawn as counts;
// - each population's profile texts follow its histograms (describe-populations.ts, "histograms"): the handle's
//   length and digits, the display name's words, the name-handle likeness and the bio's length are drawn from them,
//   and the handle is then made from the name as people and makers make theirs (the name run together, initials,
//   name and nickname, nicknames, random syllables), keeping the stem whose likeness comes nearest the drawn one;
// - accounts follow back at their population's share (following within 10 % of followers: 13.1 % of people); the
//   others' following is drawn outside that band;
// - links, locations, default avatars, banners and private profiles occur at each population's shares.
import type { Account, Label } from '../src/core/account.ts';
import { alphanumericSimilarity } from '../src/features/text-measures.ts';

/** The 10, 25, 50, 75 and 90 % points of a distribution. */
type Quantiles = readonly [number, number, number, number, number];

/** Normal scores of the 10, 25, 50, 75 and 90 % points. */
const NORMAL_SCORES = [-1.2816, -0.6745, 0, 0.6745, 1.2816] as const;

/**
 * The value at normal score `s` of a distribution given by its quantiles: log1p-linear between them, or log-linear
 * for a positive rate (`log`), whose lower tail log1p would run into zero (people's posting rates: 0.24 a day at 10 %).
 */
export function quantileAt(
  q: Quantiles,
  s: number,
  min = 0,
  max = Number.POSITIVE_INFINITY,
  log = false,
): number {
  const y = q.map((value) => (log ? Math.log(value) : Math.log1p(value)));
  let k = 0;
  while (k < 3 && s > (NORMAL_SCORES[k + 1] as number)) k++;
  const x0 = NORMAL_SCORES[k] as number;
  const x1 = NORMAL_SCORES[k + 1] as number;
  const y0 = y[k] as number;
  const y1 = y[k + 1] as number;
  const at = y0 + ((y1 - y0) * (s - x0)) / (x1 - x0);
  const value = log ? Math.exp(at) : Math.expm1(at);
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

/** Histograms (% of accounts per bin) of the profile texts' shape, as describe-populations.ts prints them. */
interface TextShape {
  /** Handle lengths 1…15 characters. */
  handleLengths: readonly number[];
  /** Digits in the handle: 0…5, then 6 or more. */
  handleDigits: readonly number[];
  /** Words in the display name: 0…3, then 4 or more. */
  nameWords: readonly number[];
  /** Name-handle likeness in tenths (0–0.1, …, 0.9–1), then exactly 1 (the name is the handle). */
  likeness: readonly number[];
  /** Bio length: none, 1–19, then 20-character steps to 140–159, then the full 160. */
  bioLengths: readonly number[];
}

interface Population {
  counts: Counts;
  text: TextShape;
  shares: {
    link: number;
    location: number;
    defaultAvatar: number;
    banner: number;
    private: number;
    verified: number;
    /** Following within 10 % of followers: accounts that follow back. */
    followBack: number;
  };
}

/** From examples/describe-populations.ts (quantiles 10/25/50/75/90 %; histograms; shares; Spearman correlations). */
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
      // followers~following 0.70, followers~posts 0.77, followers~listed 0.67, posts~likes 0.66, followers~age 0.18;
      // following/followers 0.38 / 0.72 / 1.1 / 2.3 / 4 asks following's loading to be as high as followers'
      loadings: [0.9, 0.85, 0.85, 0.75, 0.75, 0.2],
      maxFollowing: 5000,
    },
    text: {
      handleLengths: [0, 0, 0, 0, 1.2, 3.3, 6.7, 9.5, 11.4, 12.5, 13.2, 12.0, 11.5, 9.7, 8.8],
      handleDigits: [78.8, 5.5, 10.2, 2.6, 2.2, 0.2, 0.5],
      nameWords: [0, 38.1, 50.7, 9.2, 1.9],
      likeness: [18.5, 17.0, 9.8, 9.6, 8.2, 8.5, 5.6, 4.1, 3.6, 2.2, 12.9],
      bioLengths: [8.4, 11.8, 16.9, 13.2, 10.8, 8.0, 8.7, 8.2, 11.7, 2.2],
    },
    shares: {
      link: 0.349,
      location: 0.676,
      defaultAvatar: 0.004,
      banner: 0.849,
      private: 0.017,
      verified: 0.002,
      followBack: 0.131,
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
      loadings: [0.85, 0.96, 0.88, 0, 0, 0.96],
      maxFollowing: 2001,
    },
    text: {
      handleLengths: [0, 0, 0, 0, 0.2, 1.0, 4.5, 7.9, 12.6, 14.6, 14.9, 11.2, 11.7, 11.0, 10.5],
      handleDigits: [96.4, 2.8, 0.6, 0, 0.1, 0, 0.1],
      nameWords: [0, 0.4, 99.5, 0.1, 0],
      likeness: [6.3, 11.2, 9.3, 7.5, 7.9, 16.2, 9.1, 11.3, 11.5, 6.9, 2.9],
      bioLengths: [19.3, 8.7, 13.0, 10.3, 7.2, 9.0, 7.9, 8.6, 16.2, 0],
    },
    shares: {
      link: 0,
      location: 0.96,
      defaultAvatar: 0.004,
      banner: 0.001,
      private: 0,
      verified: 0,
      followBack: 0.001,
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
      loadings: [0.95, 0.95, 0.85, 0.3, 0.78, -0.2],
      maxFollowing: 2001,
    },
    text: {
      handleLengths: [0, 0, 0, 0, 0.6, 1.7, 4.6, 5.9, 13.3, 13.8, 13.0, 12.2, 15.3, 6.6, 13.0],
      handleDigits: [52.4, 8.6, 23.1, 8.3, 2.4, 4.3, 0.9],
      nameWords: [0, 49.5, 41.7, 7.2, 1.6],
      likeness: [6.8, 8.4, 7.8, 5.7, 6.6, 16.7, 19.8, 7.7, 6.0, 2.5, 12.0],
      bioLengths: [77.9, 2.8, 4.0, 3.0, 2.9, 2.4, 2.3, 1.5, 2.1, 1.1],
    },
    shares: {
      link: 0.396,
      location: 0.243,
      defaultAvatar: 0,
      banner: 0,
      private: 0,
      verified: 0,
      followBack: 0.033,
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
  'Alexander',
  'Valentina',
  'Christopher',
  'Gabriela',
  'Maximilian',
  'Josephine',
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
  'Fernandez',
  'Rodriguez',
  'Christensen',
  'Kowalczyk',
  'Anderson',
  'Vandenberg',
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

/** A text of about `length` characters from `phrases` (each once, then again), cut after a whole word. */
function textOf(random: () => number, phrases: readonly string[], length: number, joiner: string): string {
  let left: string[] = [];
  let text = '';
  while (text.length < length) {
    if (left.length === 0) left = [...phrases];
    const next = left.splice(Math.floor(random() * left.length), 1)[0] as string;
    text = text.length === 0 ? next : `${text}${joiner}${next}`;
  }
  if (text.length === length) return text;
  // Cut at the word end nearest the length (before or after it, so lengths stay as drawn on average), without a
  // separator left hanging.
  const before = text.lastIndexOf(' ', length);
  const after = text.indexOf(' ', length);
  const end =
    before <= 0
      ? after < 0
        ? text.length
        : after
      : after < 0 || length - before <= after - length
        ? before
        : after;
  return text.slice(0, Math.min(end, 160)).replace(/[\s·.,]+$/u, '');
}

/** A bin drawn by its share (shares in %). */
function drawBin(random: () => number, shares: readonly number[]): number {
  let left = random() * shares.reduce((sum, share) => sum + share, 0);
  for (let bin = 0; bin < shares.length; bin++) {
    left -= shares[bin] as number;
    if (left < 0) return bin;
  }
  return shares.length - 1;
}

/** A display name of `words` words (4 standing for four or more): a person's name, or a spam bot's brand. */
function displayName(random: () => number, kind: DemoKind, words: number): string {
  const brand = kind === 'bot' && random() < 0.5;
  const word = () =>
    brand
      ? `${pick(random, NICKNAME_PARTS)}${pick(random, ['deals', 'shop', 'news', 'offers', 'promo'])}`
      : pick(random, FIRST_NAMES);
  const title = (text: string) => `${text.slice(0, 1).toUpperCase()}${text.slice(1)}`;
  if (words <= 1) return title(word());
  if (brand) return Array.from({ length: words }, () => title(pick(random, NICKNAME_PARTS))).join(' ');
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  if (words === 2) return `${first} ${last}`;
  if (words === 3)
    return random() < 0.5
      ? `${first} ${pick(random, FIRST_NAMES).slice(0, 1)}. ${last}`
      : `${first} ${pick(random, FIRST_NAMES)} ${last}`;
  return `${first} ${pick(random, FIRST_NAMES)} ${last} ${pick(random, LAST_NAMES)}`;
}

/** `count` digits as handles carry them: a two-digit year, a four-digit one, or any. */
function digitsOf(random: () => number, count: number): string {
  if (count === 2) return String(60 + Math.floor(random() * 45)).slice(-2);
  if (count === 4) return String(1960 + Math.floor(random() * 50));
  return Array.from({ length: count }, () => String(Math.floor(random() * 10))).join('');
}

/** Lowercase letters that read as syllables (a random handle, as a bot's maker draws them). */
function syllables(random: () => number, length: number): string {
  let text = '';
  while (text.length < length)
    text += `${pick(random, [...'bcdfghjklmnprstvwz'])}${pick(random, [...'aeiou'])}`;
  return text;
}

/** `base` cut or extended (with words people put in handles) to exactly `letters` characters. */
function fitLength(random: () => number, base: string, letters: number): string {
  let text = base;
  while (text.length < letters) text += pick(random, NICKNAME_PARTS);
  text = text.slice(0, letters);
  return text.endsWith('_') ? `${text.slice(0, -1)}x` : text;
}

/** A handle stem of no name: a maker's random syllables, a person's nicknames (people do not draw random letters). */
const unnamedStem = (random: () => number, kind: DemoKind) =>
  kind === 'human'
    ? `${pick(random, NICKNAME_PARTS)}${pick(random, NICKNAME_PARTS)}${pick(random, NICKNAME_PARTS)}`
    : syllables(random, 15);

/** Handle stems from a name, as people and makers derive theirs: run together, initials, nicknames, or random. */
function handleStems(random: () => number, kind: DemoKind, name: string): string[] {
  const words = name
    .split(/\s+/)
    .map(lower)
    .filter((word) => word.length > 0);
  const first = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  const nickname = () => pick(random, NICKNAME_PARTS);
  return [
    words.join(''),
    `${first}_${last}`,
    `${first.slice(0, 1)}${last}`,
    `${first}${last.slice(0, 1)}`,
    `${last}${first}`,
    `${first}${nickname()}`,
    `${nickname()}${last}`,
    `${first.slice(0, 3)}${last.slice(0, 3)}${nickname()}`,
    `${nickname()}${nickname()}`,
    `${nickname()}_${nickname()}`,
    unnamedStem(random, kind),
    unnamedStem(random, kind),
  ];
}

/**
 * A display name and a handle whose length, digits, name words and likeness to the name follow the population's
 * histograms: the four are drawn first, then the handle stem whose likeness comes nearest the drawn one is kept.
 */
function nameAndHandle(
  random: () => number,
  kind: DemoKind,
  text: TextShape,
): { name: string; handle: string } {
  const length = drawBin(random, text.handleLengths) + 1;
  let digitCount = drawBin(random, text.handleDigits);
  while (digitCount > length - 3) digitCount = drawBin(random, text.handleDigits);
  const digits = digitsOf(random, digitCount);
  const letters = length - digitCount;
  const likenessBin = drawBin(random, text.likeness);
  const words = drawBin(random, text.nameWords);
  if (likenessBin === text.likeness.length - 1) {
    // The name is the handle: a name of the drawn words whose letters fit the length, or the handle as the name.
    for (let attempt = 0; attempt < 50; attempt++) {
      const name = displayName(random, kind, words);
      if (lower(name).length === letters)
        return { name: digitCount === 0 ? name : `${name}${digits}`, handle: `${lower(name)}${digits}` };
    }
    const handle = `${fitLength(random, unnamedStem(random, kind), letters)}${digits}`;
    return { name: handle, handle };
  }
  const target = (likenessBin + random()) / 10;
  let best = { name: '', handle: '' };
  let bestGap = Number.POSITIVE_INFINITY;
  // A few names, so that a name of the handle's length can come near a high likeness.
  for (let draw = 0; draw < 4; draw++) {
    const name = displayName(random, kind, words);
    for (const stem of handleStems(random, kind, name)) {
      const handle = `${fitLength(random, stem, letters)}${digits}`;
      const gap = Math.abs(alphanumericSimilarity(name, handle) - target);
      if (gap < bestGap) {
        best = { name, handle };
        bestGap = gap;
      }
    }
  }
  return best;
}

/** A bio length drawn from the population's histogram (uniform within a bin). */
function bioLengthOf(random: () => number, text: TextShape): number {
  const bin = drawBin(random, text.bioLengths);
  if (bin === 0) return 0;
  if (bin === text.bioLengths.length - 1) return 160;
  const low = bin === 1 ? 1 : (bin - 1) * 20;
  return low + Math.floor(random() * ((bin - 1) * 20 + 20 - low));
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
  const drawFollowing = () =>
    Math.round(quantileAt(counts.following, score(lFollowing), 0, counts.maxFollowing));
  // Those who follow back follow about as many as follow them; the copula draws the others, outside that band.
  const reciprocal = (count: number) => Math.abs(count - followers) <= 0.1 * followers;
  let following = drawFollowing();
  if (random() < shares.followBack)
    following = Math.min(counts.maxFollowing, Math.round(followers * (0.9 + 0.2 * random())));
  else for (let attempt = 0; attempt < 20 && reciprocal(following); attempt++) following = drawFollowing();
  const postDraw = quantileAt(
    counts.posts,
    score(lPosts),
    0,
    Number.POSITIVE_INFINITY,
    counts.postsArePerDay,
  );
  // Every account of the three collections but 0.7 % of bought followers has posted.
  const posts = Math.max(1, Math.round(counts.postsArePerDay ? postDraw * ageDays : postDraw));
  const likes = Math.round(quantileAt(counts.likes, score(lLikes)));
  const listed = Math.round(quantileAt(counts.listed, score(lListed)));
  const { name, handle } = nameAndHandle(random, kind, population.text);
  const bioLength = bioLengthOf(random, population.text);
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
