#!/usr/bin/env node
// Launches the realreach CLI from its compiled JavaScript in dist/ (built by `npm run build`, which `npm install` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// After each major collection the heap may grow by a fixed factor of 1.5 instead of V8's own (up to 4, set from how
// fast it collected, so from the machine's load): an audit's peak memory then follows what it holds, not the load.
// The peak is about the factor times what was alive at the last major collection, which moves with what happened
// to be in flight then (a batch, the duplicate check's newest keys), and a longer list has more collections to reach
// a high one. 1M -> 5M followers, medians of 3: two threads 278 -> 287 MiB with a factor of 2, 258 -> 265 MiB with
// 1.5; one thread 179 -> 188 and 170 -> 175 MiB; CPU within 2 % (README, "Speed and packaging"). V8's flags are the
// process's, so worker threads grow the same way.
setFlagsFromString('--heap-growing-percent=50');
// No allocation-site pretenuring: an audit reads followers in batches of some 400, each batch's objects alive until it
// is scored; the first scavenges (while the young generation is still small) find nearly all of them alive, so V8
// marks their allocation sites "tenure" for good and every later follower's objects are made in the old generation,
// keeping what they point to alive through scavenges until a full collection. Without it, one thread on 300,000
// followers: 110 -> 44 MB survived scavenges, 78 -> 42 MB promoted (README, "Speed and packaging").
setFlagsFromString('--no-allocation-site-pretenuring');

const main = new URL('../dist/interfaces/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write(
    `realreach: ${fileURLToPath(main)} is missing: run \`npm run build\` in the checkout first\n`,
  );
  process.exit(1);
}
await import(main.href);
