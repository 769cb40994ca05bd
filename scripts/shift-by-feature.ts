// Prints the feature shift test's fit of every feature for one follower file and a bundled model: misfit beyond chance and p-value, the test's statistic, and whether the feature is significant — the whole picture behind the one feature the audit's note names.
// Run: node --import tsx scripts/shift-by-feature.ts FILE [model ...]   (default: x, the model whose test the audit runs)
// A kind model (x-fake-follower, x-spam-bot) can be named too: its parts hold only its own kind and humans, so an
// audience with both kinds is no mix of them, and the audit does not run their feature tests.
import { resolve } from 'node:path';
import { featureFits, SHIFT_ALPHA, SHIFT_MATERIAL } from '../src/audit/fake-share/feature-shift.ts';
import type { Account } from '../src/core/account.ts';
import { selectFeatures } from '../src/features/extract.ts';
import { openAccountReader } from '../src/ingest/read.ts';
import { addFeatureRow, emptyFeatureCounts } from '../src/model/feature-parts.ts';
import { readModelFile } from '../src/model/model-file.ts';

const [file, ...named] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: scripts/shift-by-feature.ts FILE [model ...]');
const models = named.length > 0 ? named : ['x'];

const accounts: Account[] = [];
for await (const item of await openAccountReader(resolve(file))) if (item.ok) accounts.push(item.account);

for (const name of models) {
  const model = await readModelFile(name);
  const parts = model.featureParts;
  if (parts === undefined) {
    process.stdout.write(`## ${name}: no feature parts, no shift test\n\n`);
    continue;
  }
  const features = selectFeatures(model.features);
  const counts = emptyFeatureCounts(parts.cuts);
  const row = new Float64Array(model.features.length);
  for (const account of accounts) addFeatureRow(counts, parts.cuts, features.extract(account, row));
  const fits = featureFits(counts, parts);
  const logAlpha = Math.log(SHIFT_ALPHA / fits.length);
  const lines = fits
    .map((fit, j) => ({
      ...fit,
      name: model.features[j] as string,
      statistic: Math.min(fit.misfit / SHIFT_MATERIAL, fit.logP / logAlpha),
    }))
    .sort((a, b) => b.statistic - a.statistic)
    .map(
      (fit) =>
        `  ${fit.name.padEnd(34)} misfit ${(fit.misfit * 100).toFixed(1).padStart(5)} %  log10 p ${(fit.logP / Math.LN10).toFixed(1).padStart(7)}  statistic ${fit.statistic.toFixed(2).padStart(5)}${fit.logP < logAlpha ? '  significant' : ''}${fit.statistic > 1 ? '  FIRES' : ''}`,
    );
  process.stdout.write(
    `## ${name}: ${accounts.length} followers; fires above 1 (misfit over ${SHIFT_MATERIAL * 100} % and p under ${SHIFT_ALPHA}/${fits.length})\n${lines.join('\n')}\n\n`,
  );
}
