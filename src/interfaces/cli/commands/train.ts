// `realreach train --config models/<name>.config.json`: trains a model file from the labelled datasets, reproducibly.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../../core/errors.ts';
import { type ModelFile, modelFileSha256, serializeModelFile } from '../../../model/model-file.ts';
import { trainModelFile } from '../../../model/training/train-model-file.ts';
import { readTrainingConfig } from '../../../model/training/training-config.ts';
import { DATASETS_DOC, defaultDatasetsDir, PACKAGE_ROOT } from '../paths.ts';

interface TrainFlags {
  config: string;
  datasets: string;
  out?: string;
  json?: boolean;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'train a model from labelled datasets (a union with its members, written beside it); the bundled configs reproduce models/*.json byte for byte',
    )
    .requiredOption('--config <file>', 'training config, e.g. models/x.config.json')
    .option('--datasets <dir>', 'folder the config paths are relative to', defaultDatasetsDir())
    .option(
      '--out <file>',
      "where to write the model (default: <name>.json beside the config); a union's members are written beside it",
    )
    .option('--json', 'print the training card as JSON')
    .action(async (flags: TrainFlags) => {
      if (!existsSync(flags.datasets)) {
        throw new InputError(
          `${flags.datasets}: the labelled datasets are not here; name their folder with --datasets or REALREACH_DATASETS; ${DATASETS_DOC}`,
        );
      }
      const config = await readTrainingConfig(flags.config);
      const started = process.hrtime.bigint();
      // A union's members are read from <member>.config.json beside its config, and written beside it.
      const { model, members } = await trainModelFile(
        config,
        flags.datasets,
        (line) => process.stderr.write(`${line}\n`),
        (name) => readTrainingConfig(join(dirname(flags.config), `${name}.config.json`)),
      );
      recordCommand(model, members, flags);
      const out =
        flags.out ??
        join(dirname(flags.config), `${basename(flags.config).replace(/\.config\.json$/, '')}.json`);
      for (const member of members) {
        const memberOut = join(dirname(out), `${member.name}.json`);
        await writeFile(memberOut, serializeModelFile(member));
        process.stderr.write(`wrote ${memberOut} (member of ${model.name})\n`);
      }
      await writeFile(out, serializeModelFile(model));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      process.stderr.write(`wrote ${out} in ${seconds.toFixed(1)} s\n`);
      if (flags.json) process.stdout.write(`${JSON.stringify(model.card, null, 2)}\n`);
    });
}

/** A path as a shell word: quoted when it holds anything but the characters a path usually has. */
function shellWord(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * The card's `command` says how to train the model again. Trainer code writes the bundled one
 * (`realreach train --config models/<name>.config.json`, part of the bytes a retrain reproduces); a model trained
 * from a config elsewhere gets the command that was run — its config's path and, when not the default, the datasets
 * folder — so its card does not point at a models/ config that does not exist. A union's members are rewritten
 * first and the union's member hashes follow them.
 */
function recordCommand(model: ModelFile, members: ModelFile[], flags: TrainFlags): void {
  const dir = dirname(flags.config);
  if (
    resolve(dir) === resolve(PACKAGE_ROOT, 'models') &&
    basename(flags.config) === `${model.name}.config.json`
  )
    return;
  const datasets =
    resolve(flags.datasets) === resolve(defaultDatasetsDir())
      ? ''
      : ` --datasets ${shellWord(flags.datasets)}`;
  for (const member of members) {
    member.card.command = `realreach train --config ${shellWord(join(dir, `${member.name}.config.json`))}${datasets}`;
    const entry = model.members?.find((named) => named.model === member.name);
    if (entry) entry.sha256 = modelFileSha256(member);
  }
  model.card.command = `realreach train --config ${shellWord(flags.config)}${datasets}`;
}
