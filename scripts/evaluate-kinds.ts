// Prints the per-kind and p(fake) leave-one-collection-out comparisons as JSON (the tables `realreach eval --only accuracy` renders), without the rest of the evaluation.
import { resolve } from 'node:path';
import { readEvaluationData } from '../src/model/evaluation/evaluation-data.ts';
import { compareKindMixes } from '../src/model/evaluation/kind-mixes.ts';
import { comparePFakeCandidates } from '../src/model/evaluation/mixes/pfake-mixes.ts';

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets'));
const started = Date.now();
const log = (line: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
const labelled = await readEvaluationData(root);
const kinds = (['fake', 'bot'] as const).map((kind) => compareKindMixes(labelled, kind, log));
const pFake = comparePFakeCandidates(
  labelled,
  { fake: kinds[0]?.best as string, bot: kinds[1]?.best as string },
  log,
);
process.stdout.write(`${JSON.stringify({ kinds, pFake }, null, 2)}\n`);
