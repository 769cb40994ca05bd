// The realreach command line: builds the program from its commands and runs it with exit codes 0/1/2.
import { Command, CommanderError } from 'commander';
import { registerAudit } from './commands/audit.ts';
import { registerAudits } from './commands/audits.ts';
import { registerCampaign } from './commands/campaign.ts';
import { registerConversion } from './commands/conversion.ts';
import { registerEval } from './commands/eval.ts';
import { registerFetch } from './commands/fetch.ts';
import { registerGrowth } from './commands/growth.ts';
import { registerInspect } from './commands/inspect.ts';
import { registerLink } from './commands/link.ts';
import { registerReview } from './commands/review.ts';
import { registerScore } from './commands/score.ts';
import { registerServe } from './commands/serve.ts';
import { registerShow } from './commands/show.ts';
import { registerToken } from './commands/token.ts';
import { registerTrain } from './commands/train.ts';
import { EXIT_USAGE, reportFailure, UsageError } from './exit.ts';

export function buildProgram(): Command {
  const program = new Command('realreach')
    .description("what a social profile's follower count is really worth")
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  registerInspect(program);
  registerAudit(program);
  registerReview(program);
  registerFetch(program);
  registerGrowth(program);
  registerScore(program);
  registerTrain(program);
  registerEval(program);
  registerAudits(program);
  registerShow(program);
  registerToken(program);
  registerServe(program);
  registerCampaign(program);
  registerLink(program);
  registerConversion(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
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
