// `realreach eval`: runs the evaluation on the shared datasets, writes EVALUATION.md and prints the same tables.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../../core/errors.ts';
import { readPeerResults } from '../../../model/evaluation/peer-results.ts';
import { renderEvaluationReport } from '../../../model/evaluation/report.ts';
import { runEvaluation } from '../../../model/evaluation/run-evaluation.ts';
import { EXIT_OK } from '../exit.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');

interface EvalFlags {
  datasets?: string;
  out?: string;
  peers?: string;
  json?: boolean;
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
      'the labelled datasets folder (default: ../shared/datasets beside the repository)',
    )
    .option('--out <file>', 'where to write the report (default: EVALUATION.md at the repository root)')
    .option(
      '--peers <file>',
      "bench/peers.py's results, shown beside ours when present (default: bench/results/peers.json)",
    )
    .option('--json', 'print the results as JSON instead of the tables')
    .action(async (flags: EvalFlags) => {
      const started = Date.now();
      const root = resolve(flags.datasets ?? resolve(REPO_ROOT, '..', 'shared', 'datasets'));
      if (!existsSync(root)) {
        throw new InputError(
          `no datasets folder at ${root}: the evaluation needs the shared labelled datasets (give --datasets <dir>)`,
        );
      }
      const out = resolve(flags.out ?? resolve(REPO_ROOT, 'EVALUATION.md'));
      const peersPath = resolve(flags.peers ?? resolve(REPO_ROOT, 'bench', 'results', 'peers.json'));
      const command = [
        'realreach eval',
        ...(flags.datasets ? [`--datasets ${flags.datasets}`] : []),
        ...(flags.peers ? [`--peers ${flags.peers}`] : []),
      ].join(' ');
      const result = await runEvaluation({
        root,
        command,
        datasetsLabel: shownPath(root),
        peers: await readPeerResults(peersPath),
        peersPath: shownPath(peersPath),
        log: (line) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`),
      });
      const report = renderEvaluationReport(result);
      await writeFile(out, report);
      process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : report);
      process.stderr.write(`wrote ${shownPath(out)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      process.exitCode = EXIT_OK;
    });
}
