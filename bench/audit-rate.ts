// Child process of the audit benchmark: audits one follower file end to end and prints followers/s and peak RSS as JSON.
import { auditFollowers } from '../src/audit/audit-followers.ts';
import { openAccountReader } from '../src/ingest/read.ts';
import { loadDetector, modelNameForPlatform } from '../src/model/detector.ts';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: audit-rate.ts <followers file>');
const started = process.hrtime.bigint();
const reader = await openAccountReader(path);
const { report } = await auditFollowers(reader, {
  detectorFor: (platform) => loadDetector(modelNameForPlatform(platform)),
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(
  `${JSON.stringify({
    followers: report.followersRead,
    rejected: report.input.rejected,
    seconds,
    rate: report.followersRead / seconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    headline: report.headline,
  })}\n`,
);
