// Child process of the reader benchmark: reads one file and prints records/s (wall and CPU time) and peak RSS as JSON.
// `--bare` measures the floor instead: split lines and JSON.parse each, with no mapping.
import { createReadStream } from 'node:fs';
import { openAccountReader } from '../src/ingest/read.ts';

async function readWithRealreach(
  path: string,
): Promise<{ accepted: number; rejected: number; format: string }> {
  const reader = await openAccountReader(path);
  let accepted = 0;
  let rejected = 0;
  for await (const item of reader) {
    if (item.ok) accepted++;
    else rejected++;
  }
  return { accepted, rejected, format: reader.format.name };
}

async function parseLinesBare(path: string): Promise<{ accepted: number; rejected: number; format: string }> {
  let carry = '';
  let accepted = 0;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = carry + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      if (end > start) {
        JSON.parse(text.slice(start, end));
        accepted++;
      }
      start = end + 1;
    }
    carry = text.slice(start);
  }
  return { accepted, rejected: 0, format: 'bare JSON.parse' };
}

const [path, mode] = process.argv.slice(2);
if (!path) throw new Error('usage: read-rate.ts <file> [--bare]');
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const result = mode === '--bare' ? await parseLinesBare(path) : await readWithRealreach(path);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  `${JSON.stringify({ ...result, seconds, rate: result.accepted / seconds, cpuSeconds, cpuRate: result.accepted / cpuSeconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
