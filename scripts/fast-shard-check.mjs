// A node:test reporter for test:fast's shards (scripts/run-tests.mjs): fails the run when a test is reported outside the describe of the file it was written in, since its file's hooks would then not run around it.
import { basename, relative, resolve } from 'node:path';

const SHARD = /^fast-shard-\d+\.test\.mjs$/;

export default async function* fastShardCheck(source) {
  const wrong = [];
  let inside = []; // the test files of the events since the last file describe (a shard reports its files in turn)
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, nesting, file } = event.data;
    const isShard = file !== undefined && SHARD.test(basename(file));
    if (isShard !== (nesting === 0)) {
      wrong.push(
        isShard ? `${name}: a file's describe inside another one` : `${name}: outside its file's describe`,
      );
      continue;
    }
    if (!isShard) {
      // Helpers such as test/skippable-tests.ts register tests under their own location: only test files are checked.
      if (file && /\.test\.tsx?$/.test(file)) inside.push({ name, file });
      continue;
    }
    for (const test of inside)
      if (resolve(test.file) !== resolve(name))
        wrong.push(`${test.name} (${relative(process.cwd(), test.file)}): reported inside ${name}`);
    inside = [];
  }
  if (wrong.length === 0) return;
  process.exitCode = 1;
  yield `\n# fast-shard check: ${wrong.length} tests ran outside their file's describe (the run fails)\n${wrong.map((line) => `#   ${line}\n`).join('')}`;
}
