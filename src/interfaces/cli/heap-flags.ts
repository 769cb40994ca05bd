// The V8 flags every command runs with, set by main.ts once the command's modules are loaded (see setHeapFlags).
import { setFlagsFromString } from 'node:v8';

/**
 * Sets the process's heap flags. Called after the program is built — the command's modules loaded — and before it
 * runs: any flag set differs from the one Node's bundled code cache was made with, so every built-in module compiled
 * after it (node:zlib, node:child_process, …) is compiled from its source instead of read from that cache. Set in
 * bin/realreach.js before anything was loaded, they cost a 10-line `inspect` some 30 M instructions of its 250 M
 * above a bare `node -e 0` (valgrind --tool=cachegrind); here, before the command's work begins, the heap they shape
 * is the same.
 */
export function setHeapFlags(): void {
  // After each major collection the heap may grow by a fixed factor of 1.5 instead of V8's own (up to 4, set from how
  // fast it collected, so from the machine's load): an audit's peak memory then follows what it holds, not the load.
  // The peak is about the factor times what was alive at the last major collection, which moves with what happened
  // to be in flight then (a batch, the duplicate check's newest keys), and a longer list has more collections to
  // reach a high one. 1M -> 5M followers, medians of 3: two threads 278 -> 287 MiB with a factor of 2, 258 -> 265 MiB
  // with 1.5; one thread 179 -> 188 and 170 -> 175 MiB; CPU within 2 % (README, "Speed and packaging"). V8's flags
  // are the process's, so worker threads grow the same way.
  setFlagsFromString('--heap-growing-percent=50');
  // No allocation-site pretenuring: an audit reads followers in batches of some 400, each batch's objects alive until
  // it is scored; the first scavenges (while the young generation is still small) find nearly all of them alive, so
  // V8 marks their allocation sites "tenure" for good and every later follower's objects are made in the old
  // generation, keeping what they point to alive through scavenges until a full collection. Without it, one thread on
  // 300,000 followers: 110 -> 44 MB survived scavenges, 78 -> 42 MB promoted (README, "Speed and packaging").
  setFlagsFromString('--no-allocation-site-pretenuring');
}
