// Instructions a row of tree evaluation (predictMargins) or exact TreeSHAP (explainMargin) per bundled model, counted by valgrind's callgrind: unlike CPU time, the count does not move with the machine's load, so it compares two versions of the code.
// Usage: node --import tsx bench/trees-instructions.ts [--shap] [model …] (default: the three models of
// bench/trees.ts; needs valgrind; about a minute a model). Each model's rows (the bench's synthetic followers) go to a
// temporary folder; a child process under callgrind scores (--shap: explains) them 3 and 13 times, and the
// difference over 10 x rows is the count a row, start-up and warm-up cancelled out.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROWS = 4_000;
/** Rows explained per repeat with --shap (a row's TreeSHAP costs about as much as 50 to 200 predictions). */
const SHAP_ROWS = 200;
const REPEATS = [3, 13] as const;

async function writeModelRows(name: string, folder: string): Promise<void> {
  const { loadDetector } = await import('../src/model/detector.ts');
  const { treesOf } = await import('../src/model/model-file.ts');
  const { makeFollower, seededRandom, syntheticAccount } = await import('./synthetic-accounts.ts');
  const detector = await loadDetector(name);
  const width = detector.featureSet.names.length;
  const random = seededRandom(7);
  const observedAt = new Date('2026-06-01T00:00:00Z');
  const matrix = new Float64Array(ROWS * width);
  for (let i = 0; i < ROWS; i++) {
    detector.featureSet.extract(
      syntheticAccount(makeFollower(random, i, 0.3, observedAt)),
      matrix,
      i * width,
    );
  }
  writeFileSync(join(folder, `${name}.f64`), new Uint8Array(matrix.buffer));
  writeFileSync(join(folder, `${name}.json`), JSON.stringify(treesOf(detector.model)));
}

/**
 * The child: scores the rows `repeats` times, or explains the first SHAP_ROWS of them (the first repeat builds the
 * heaps or tables and warms the code up).
 */
async function runRows(folder: string, name: string, repeats: number, shap: boolean): Promise<void> {
  const { predictMargins } = await import('../src/model/gbdt/predict.ts');
  const { explainMargin } = await import('../src/model/explain/explain.ts');
  const { gbdtModelFromJson } = await import('../src/model/gbdt/serialize.ts');
  const model = gbdtModelFromJson(JSON.parse(readFileSync(join(folder, `${name}.json`), 'utf8')));
  const bytes = readFileSync(join(folder, `${name}.f64`));
  const matrix = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  const out = new Float64Array(matrix.length / model.nFeatures);
  for (let r = 0; r < repeats; r++) {
    if (!shap) predictMargins(model, matrix, out);
    else for (let i = 0; i < SHAP_ROWS; i++) explainMargin(model, matrix, i * model.nFeatures);
  }
}

function instructions(folder: string, name: string, repeats: number, shap: boolean): number {
  const args = ['--tool=callgrind', '--smc-check=all-non-file', '--callgrind-out-file=/dev/null'];
  // Optimising on the main thread: with V8's background compiler, when the optimised walk arrives (and so how many
  // instructions run before it) varied from run to run under callgrind's serialised threads. For the same reason the
  // WebAssembly tree walk is compiled by the optimising compiler at once (--no-liftoff), not tiered up in the
  // background: the count is that of its optimised code either way.
  const node = [process.execPath, '--no-concurrent-recompilation', '--no-liftoff', '--import', 'tsx'];
  const script = [import.meta.filename, '--child', folder, name, String(repeats), shap ? 'shap' : 'predict'];
  const child = spawnSync('valgrind', [...args, ...node, ...script], { encoding: 'utf8' });
  const collected = /Collected : (\d+)/.exec(child.stderr ?? '');
  if (child.status !== 0 || collected === null) {
    throw new Error(`callgrind gave no count for ${name} (exit ${child.status}):\n${child.stderr}`);
  }
  return Number(collected[1]);
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  await runRows(argv[1] as string, argv[2] as string, Number(argv[3]), argv[4] === 'shap');
} else {
  const shap = argv.includes('--shap');
  const named = argv.filter((arg) => arg !== '--shap');
  const names = named.length > 0 ? named : ['x-fake-follower', 'x-spam-bot', 'general'];
  const rows = shap ? SHAP_ROWS : ROWS;
  const folder = mkdtempSync(join(tmpdir(), 'realreach-trees-instructions-'));
  try {
    for (const name of names) {
      await writeModelRows(name, folder);
      const [few, many] = REPEATS.map((repeats) => instructions(folder, name, repeats, shap)) as [
        number,
        number,
      ];
      const perRow = (many - few) / ((REPEATS[1] - REPEATS[0]) * rows);
      console.log(`${name}: ${Math.round(perRow)} instructions a row (${shap ? 'TreeSHAP' : 'predict'})`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
