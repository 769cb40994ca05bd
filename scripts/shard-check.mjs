// A node:test reporter for the in-process tests' shards (scripts/run-tests.mjs): fails the run when a test is reported outside the describe of the file it was written in, since its file's hooks would then not run around it.
import { basename, relative, resolve } from 'node:path';

const SHARD = /^shard-\d+\.test\.mjs$/;
/** The files run inside shards (absolute paths), from scripts/run-tests.mjs; the others run in a process each. */
const SHARDED = new Set(JSON.parse(process.env.REALREACH_SHARDED_TESTS ?? '[]'));

export default async function* shardCheck(source) {
  const wrong = [];
  let inside = []; // the sharded files' tests since the last top-level event (a shard reports its files in turn)
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, nesting, file } = event.data;
    const where = file === undefined ? undefined : resolve(file);
    const isShard = where !== undefined && SHARD.test(basename(where));
    if (isShard && nesting !== 0) wrong.push(`${name}: a file's describe inside another one`);
    else if (nesting === 0 && SHARDED.has(where)) wrong.push(`${name}: outside its file's describe`);
    else if (nesting > 0 && SHARDED.has(where)) inside.push({ name, where });
    // (Helpers such as test/skippable-tests.ts register tests under their own location: only test files are checked.)
    if (nesting !== 0) continue;
    for (const test of inside)
      if (!isShard || test.where !== resolve(name))
        wrong.push(`${test.name} (${relative(process.cwd(), test.where)}): reported inside ${name}`);
    inside = [];
  }
  if (wrong.length === 0) return;
  process.exitCode = 1;
  yield `\n# shard check: ${wrong.length} tests ran outside their file's describe (the run fails)\n${wrong.map((line) => `#   ${line}\n`).join('')}`;
}
