import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REACHABILITY_BANDS } from '../report-schema.ts';
import { reachabilityBandIndex } from './reachability.ts';

test('bands: < 500, 500–999, 1,000–1,500, > 1,500; unknown stays unknown', () => {
  const band = (following: number | undefined) => {
    const index = reachabilityBandIndex(following);
    return index === undefined ? undefined : REACHABILITY_BANDS[index];
  };
  assert.equal(band(0), '< 500');
  assert.equal(band(499), '< 500');
  assert.equal(band(500), '500–1,000');
  assert.equal(band(999), '500–1,000');
  assert.equal(band(1000), '1,000–1,500');
  assert.equal(band(1500), '1,000–1,500');
  assert.equal(band(1501), '> 1,500');
  assert.equal(band(undefined), undefined);
});
