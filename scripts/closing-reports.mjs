// The node:test reporter that closes every run of scripts/run-tests.mjs: the skip report, then the shard check (one reporter, not two: a third reporter on node's stream sets off a MaxListenersExceededWarning).
import shardCheck from './shard-check.mjs';
import skipReport from './skip-report.mjs';

export default async function* closingReports(source) {
  const events = [];
  for await (const event of source) events.push(event);
  yield* skipReport(events);
  yield* shardCheck(events);
}
