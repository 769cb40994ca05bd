// The realreach command line: builds the program from its commands, loading only the one that runs, with exit codes 0/1/2.
import { Command, CommanderError } from 'commander';
import { EXIT_OK, EXIT_USAGE, reportFailure, UsageError } from './exit.ts';
import { setHeapFlags } from './heap-flags.ts';

/**
 * Every command, in the order `realreach --help` lists them. HOW TO ADD A COMMAND (keep start-up fast):
 * write `commands/<name>.ts` exporting `register<Name>(program)` as the existing ones do (it may import anything:
 * the model, the store, the server), then add one entry here — its name, the one line `--help` shows, and `load`,
 * a dynamic import of that module. Only the command being run (or asked for with `<name> --help`) is imported;
 * `realreach --help` imports none of them, so never import a command module statically from this file.
 */
interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<(program: Command) => void>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: 'inspect',
    summary: 'show what a follower export holds: format, counts, labels, rejected records, field coverage',
    load: async () => (await import('./commands/inspect.ts')).registerInspect,
  },
  {
    name: 'audit',
    summary:
      "audit a profile's followers: real followers and the count after a purge with 95 % intervals, audience types, reachability, quality score and red flags",
    load: async () => (await import('./commands/audit.ts')).registerAudit,
  },
  {
    name: 'review',
    summary:
      'draw a seeded sample of followers stratified by p(fake) for a person to label (fake, real or unsure); `audit --labels` then combines the labels with every score',
    load: async () => (await import('./commands/review.ts')).registerReview,
  },
  {
    name: 'fetch',
    summary:
      'write a profile and its followers from Mastodon, Bluesky or X as realreach JSONL (with <out>.profile.jsonl and <out>.meta.json), resumable after an interruption',
    load: async () => (await import('./commands/fetch.ts')).registerFetch,
  },
  {
    name: 'growth',
    summary:
      'follower history from a history CSV (date,followers[,following,posts]) or rebuilt from a follower list in follow order: spikes, drops, regime changes, bought batches',
    load: async () => (await import('./commands/growth.ts')).registerGrowth,
  },
  {
    name: 'watch',
    summary:
      "record profiles' follower counts in the store on a schedule (each stamped with the time the platform answered), for their history",
    load: async () => (await import('./commands/watch.ts')).registerWatch,
  },
  {
    name: 'history',
    summary:
      "a stored profile's follower-count history and its spikes, drops and regime changes; --import adds a history CSV",
    load: async () => (await import('./commands/history.ts')).registerHistory,
  },
  {
    name: 'compare',
    summary:
      'candidates side by side from their saved audits: real followers, fake share, quality, events, cost per 1,000 real followers',
    load: async () => (await import('./commands/compare.ts')).registerCompare,
  },
  {
    name: 'hydrate',
    summary:
      'fill a thin export (ids or usernames only: X archive, a list of handles) with whole profiles from X, Bluesky or Mastodon, as realreach JSONL',
    load: async () => (await import('./commands/hydrate.ts')).registerHydrate,
  },
  {
    name: 'score',
    summary: 'score every account of a follower file: calibrated p(fake) and the top reasons',
    load: async () => (await import('./commands/score.ts')).registerScore,
  },
  {
    name: 'train',
    summary:
      'train a model from labelled datasets; the bundled configs reproduce models/*.json byte for byte',
    load: async () => (await import('./commands/train.ts')).registerTrain,
  },
  {
    name: 'eval',
    summary:
      'evaluate the detector on the shared labelled datasets (cross-validation, cross-collection tests, baselines, peers) and write EVALUATION.md',
    load: async () => (await import('./commands/eval.ts')).registerEval,
  },
  {
    name: 'audits',
    summary: 'list the saved audits, newest first (save one with `realreach audit … --save`)',
    load: async () => (await import('./commands/audits.ts')).registerAudits,
  },
  {
    name: 'show',
    summary: 'print a saved audit (ids as `realreach audits` lists them)',
    load: async () => (await import('./commands/show.ts')).registerShow,
  },
  {
    name: 'token',
    summary: 'manage the bearer tokens the HTTP API and dashboard accept',
    load: async () => (await import('./commands/token.ts')).registerToken,
  },
  {
    name: 'serve',
    summary:
      'start the dashboard and the HTTP API; on first start, save the bundled example audit and print a first token',
    load: async () => (await import('./commands/serve.ts')).registerServe,
  },
  {
    name: 'worker',
    summary:
      'work audit jobs and watch rounds (watch --queue) from the PostgreSQL queue (DATABASE_URL), on any machine that reaches the database',
    load: async () => (await import('./commands/worker.ts')).registerWorker,
  },
  {
    name: 'campaign',
    summary: 'campaigns: what a brand pays which profiles, and the clicks, leads and sales they bring',
    load: async () => (await import('./commands/campaign.ts')).registerCampaign,
  },
  {
    name: 'link',
    summary: 'tracked links: /r/<slug> per campaign and profile',
    load: async () => (await import('./commands/link.ts')).registerLink,
  },
  {
    name: 'conversion',
    summary: 'conversions from the shop: lead, signup, sale (amount, currency), referral (code)',
    load: async () => (await import('./commands/conversion.ts')).registerConversion,
  },
];

/** The command the arguments name (`realreach <name> …` or `realreach help <name>`), if any. */
function namedCommand(argv: string[]): string | undefined {
  const [first, second] = argv;
  return first === 'help' ? second : first;
}

/** The program with the named command fully registered and every other one as its name and summary only. */
export async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('realreach')
    .description("what a social profile's follower count is really worth")
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError()
    .addHelpText('after', '\nEach command lists its own arguments and options: realreach <command> --help\n');
  const wanted = namedCommand(argv);
  for (const entry of COMMANDS) {
    if (entry.name === wanted) (await entry.load())(program);
    else program.command(entry.name).description(entry.summary);
  }
  return program;
}

/** A reader that closed the pipe (`realreach score … | head -1`) has all it wants: stop quietly, exit 0. */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(EXIT_OK);
  });
}

export async function runCli(argv: string[]): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  try {
    const program = await buildProgram(argv);
    setHeapFlags();
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    if (error instanceof Error && error.cause instanceof UsageError) {
      process.exitCode = reportFailure(error.cause);
      return;
    }
    process.exitCode = reportFailure(error);
  }
}

await runCli(process.argv.slice(2));
