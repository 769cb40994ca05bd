// Exit codes and the one place CLI failures become messages: 0 done, 1 the input stopped the run, 2 the command was misused.
import { InputError } from '../../core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

/** Prints a failure as one line on stderr and returns its exit code; unexpected errors keep their stack. */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (error instanceof UsageError) {
    stderr.write(`realreach: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof InputError) {
    stderr.write(`realreach: ${error.message}\n`);
    return EXIT_INPUT;
  }
  stderr.write(`realreach: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
  return EXIT_INPUT;
}
