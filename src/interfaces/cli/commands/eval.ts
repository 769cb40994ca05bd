// `realreach eval`: runs the evaluation on the shared datasets, writes EVALUATION.md and prints the same tables.

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  renderAccuracySections,
  replaceAccuracySections,
  runAccuracyEvaluation,
} from '../../../audit/accuracy/accuracy-evaluation.ts';
import { kindShareSectionOf, replaceKindShareSection } from '../../../audit/accuracy/kind-share-trials.ts';
import {
  renderVerificationSection,
  replaceVerificationSection,
  runVerificationEvaluation,
} from '../../../audit/verification/verification-evaluation.ts';
import { InputError } from '../../../core/errors.ts';
import { readPeerResults } from '../../../model/evaluation/report/peer-results.ts';
import { renderEvaluationReport } from '../../../model/evaluation/report/report.ts';
import { runEvaluation } from '../../../model/evaluation/run-evaluation.ts';
import { EXIT_OK, UsageError } from '../exit.ts';
import { DATASETS_DOC, defaultDatasetsDir } from '../paths.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');

interface EvalFlags {
  datasets?: string;
  out?: string;
  peers?: string;
  json?: boolean;
  only?: string;
}

/** A path as the report shows it: relative to the repository when that is shorter. */
function shownPath(path: string): string {
  const fromRepo = relative(REPO_ROOT, path);
  return fromRepo.length < path.length ? fromRepo : path;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'evaluate the detector on the shared labelled datasets (cross-validation, cross-collection tests, baselines, peers) and write EVALUATION.md',
    )
    .option(
      '--datasets <dir>',
      'the labelled datasets folder (default: $REALREACH_DATASETS, else ../shared/datasets beside the repository)',
    )
    .option('--out <file>', 'where to write the report (default: EVALUATION.md at the repository root)')
    .option(
      '--peers <file>',
      "bench/peers.py's results, shown beside ours when present (default: bench/results/peers.json)",
    )
    .option('--json', 'print the results as JSON instead of the tables')
    .option(
      '--only <section>',
      'run one section and replace it in the report in place: verification (the labelled-sample simulation) or accuracy (the fake share on the bundled models, the shift test, the per-kind models)',
    )
    .action(async (flags: EvalFlags) => {
      const started = Date.now();
      // a misused option is said first (exit 2), before the datasets are looked for
      if (flags.only !== undefined && flags.only !== 'verification' && flags.only !== 'accuracy')
        throw new UsageError(`--only: expected verification or accuracy, got "${flags.only}"`);
      const root = resolve(flags.datasets ?? defaultDatasetsDir());
      if (!existsSync(root)) {
        throw new InputError(
          `no datasets folder at ${root}: the evaluation needs the labelled research datasets (give --datasets <dir> or set REALREACH_DATASETS); ${DATASETS_DOC}`,
        );
      }
      const out = resolve(flags.out ?? resolve(REPO_ROOT, 'EVALUATION.md'));
      const peersPath = resolve(flags.peers ?? resolve(REPO_ROOT, 'bench', 'results', 'peers.json'));
      const command = [
        'realreach eval',
        ...(flags.datasets ? [`--datasets ${flags.datasets}`] : []),
        ...(flags.peers ? [`--peers ${flags.peers}`] : []),
      ].join(' ');
      const log = (line: string) =>
        process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
      if (flags.only === 'accuracy') {
        const accuracy = await runAccuracyEvaluation(root, log);
        const section = renderAccuracySections(
          accuracy,
          `${command} --only accuracy`,
          await readPeerResults(peersPath),
        );
        const existing = existsSync(out) ? await readFile(out, 'utf8') : '';
        await writeFile(out, replaceAccuracySections(existing, section));
        process.stdout.write(flags.json ? `${JSON.stringify(accuracy, null, 2)}\n` : section);
        process.stderr.write(`replaced the accuracy sections of ${shownPath(out)}\n`);
        process.exitCode = EXIT_OK;
        return;
      }
      const verification = await runVerificationEvaluation({ root, command, log });
      const verificationSection = renderVerificationSection(verification);
      if (flags.only === 'verification') {
        const existing = existsSync(out) ? await readFile(out, 'utf8') : '';
        await writeFile(out, replaceVerificationSection(existing, verificationSection));
        process.stdout.write(flags.json ? `${JSON.stringify(verification, null, 2)}\n` : verificationSection);
        process.stderr.write(`replaced the verification section of ${shownPath(out)}\n`);
        process.exitCode = EXIT_OK;
        return;
      }
      const result = await runEvaluation({
        root,
        command,
        datasetsLabel: shownPath(root),
        peers: await readPeerResults(peersPath),
        peersPath: shownPath(peersPath),
        log: (line) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`),
      });
      const accuracy = await runAccuracyEvaluation(root, log);
      const fresh = replaceVerificationSection(
        `${renderEvaluationReport(result)}\n${renderAccuracySections(accuracy, command, await readPeerResults(peersPath))}`,
        verificationSection,
      );
      // The kind-share section is measured by its own script (scripts/evaluate-kind-shares.ts --write, about 40
      // minutes): carried over as it stands, with the command and time it states.
      const kindShares = existsSync(out) ? kindShareSectionOf(await readFile(out, 'utf8')) : null;
      const report = kindShares ? replaceKindShareSection(fresh, kindShares) : fresh;
      await writeFile(out, report);
      process.stdout.write(
        flags.json ? `${JSON.stringify({ ...result, accuracy, verification }, null, 2)}\n` : report,
      );
      process.stderr.write(`wrote ${shownPath(out)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      process.exitCode = EXIT_OK;
    });
}
