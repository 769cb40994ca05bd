// The renderers' example fixture is a valid report: it passes the contract and its numbers agree with each other.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditReportSchema, followerResultSchema } from '../../audit/report-schema.ts';
import { exampleFollowers, exampleReport } from './fixtures/example-report.ts';

describe('example report fixture', () => {
  it('validates against auditReportSchema, its 30 followers against followerResultSchema', () => {
    const parsed = auditReportSchema.safeParse(exampleReport);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.equal(exampleFollowers.length, 30);
    for (const follower of exampleFollowers)
      assert.ok(followerResultSchema.safeParse(follower).success, follower.id);
  });

  it('adds up: types and histogram to the followers read, parts to the score, real = base × (1 − fake share)', () => {
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    assert.equal(sum(exampleReport.audienceTypes.map((entry) => entry.count)), exampleReport.followersRead);
    assert.equal(sum(exampleReport.pFakeHistogram.counts), exampleReport.followersRead);
    assert.equal(
      sum(exampleReport.reachability.map((band) => band.count)) + exampleReport.reachabilityUnknown,
      exampleReport.followersRead,
    );
    assert.ok(
      Math.abs(
        sum(exampleReport.qualityScore.parts.map((part) => part.points)) - exampleReport.qualityScore.score,
      ) < 1e-9,
    );
    const { count } = exampleReport.followerBase;
    assert.equal(
      Math.round(count * (1 - exampleReport.fakeShare.estimate)),
      exampleReport.realFollowers.estimate,
    );
    assert.equal(Math.round(count * (1 - exampleReport.fakeShare.high)), exampleReport.realFollowers.low);
    assert.equal(Math.round(count * (1 - exampleReport.fakeShare.low)), exampleReport.realFollowers.high);
  });
});
