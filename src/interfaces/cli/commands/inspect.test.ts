// inspect's records line: its "accepted" includes the repeats (read = accepted + rejected), and says so, where an audit's excludes them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCOUNT_FIELDS, type AccountField } from '../../../core/account.ts';
import type { InputSummary } from '../../../ingest/inspect.ts';
import { renderSummary } from './inspect.ts';

function summary(counts: Pick<InputSummary, 'read' | 'accepted' | 'duplicates' | 'rejected'>): InputSummary {
  return {
    input: 'fans.csv',
    format: { name: 'realreach-csv', title: 'realreach columns', platform: 'x', reference: 'README.md' },
    gzip: false,
    ...counts,
    labelConflicts: 0,
    labels: {},
    unlabelled: counts.accepted,
    coverage: Object.fromEntries(ACCOUNT_FIELDS.map((field) => [field, 0])) as Record<AccountField, number>,
    observedAtFromExport: 0,
    defaultObservedAt: '2026-11-30T00:00:00.000Z',
    notes: [],
    errors: [],
  };
}

describe('inspect records line', () => {
  it('counts the repeats inside accepted, as the sum read = accepted + rejected says', () => {
    // a CSV of 6 records: 1 good, 4 broken, the good one listed again (audit: 1 accepted, 1 duplicate, 4 rejected)
    const text = renderSummary(summary({ read: 6, accepted: 2, duplicates: 1, rejected: 4 }));
    assert.match(
      text,
      /^records {4}read 6 · accepted 2 \(1 of them repeats an earlier follower, same platform \+ id: an audit counts each follower once\) · rejected 4$/m,
    );
    const many = renderSummary(summary({ read: 9, accepted: 9, duplicates: 3, rejected: 0 }));
    assert.match(many, /accepted 9 \(3 of them repeat an earlier follower/);
    assert.match(
      renderSummary(summary({ read: 2, accepted: 2, duplicates: 0, rejected: 0 })),
      /^records {4}read 2 · accepted 2 · rejected 0$/m,
    );
  });
});
