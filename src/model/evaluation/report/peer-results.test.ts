import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type PeerExpectation, type PeerResults, peerMismatch, readPeerResults } from './peer-results.ts';

const metrics = {
  accuracy: 0.9,
  precision: 0.9,
  recall: 0.9,
  f1: 0.9,
  mcc: 0.8,
  rocAuc: 0.95,
  prAuc: 0.95,
  ece: 0.01,
  balancedAccuracy: 0.9,
  flaggedShare: 0.5,
  meanProbability: 0.5,
};
const peers: PeerResults = {
  command: '/usr/bin/python3 bench/peers.py',
  versions: { 'scikit-learn': '1.2.1' },
  models: { forest: '500 trees' },
  seed: 1,
  folds: 10,
  featureSetVersion: '1',
  crossValidation: { a: { rows: 10, positives: 5, features: ['f', 'g'], models: { forest: metrics } } },
  leaveOneCollectionOut: {
    features: ['f'],
    heldOut: { a: { rows: 10, positives: 5, models: { forest: metrics } } },
  },
};
const expected: PeerExpectation = {
  seed: 1,
  folds: 10,
  featureSetVersion: '1',
  crossValidation: { a: { rows: 10, positives: 5, features: ['f', 'g'] } },
  leaveOneCollectionOut: { features: ['f'], heldOut: { a: { rows: 10, positives: 5 } } },
};

describe("peers' results", () => {
  it('stand beside ours only when rows, features, seed and folds are the same', () => {
    assert.equal(peerMismatch(peers, expected), undefined);
    assert.match(peerMismatch({ ...peers, folds: 5 }, expected) ?? '', /5 folds/);
    assert.match(
      peerMismatch(peers, {
        ...expected,
        crossValidation: { a: { rows: 11, positives: 5, features: ['f', 'g'] } },
      }) ?? '',
      /rows or features differ/,
    );
    assert.match(
      peerMismatch(peers, {
        ...expected,
        crossValidation: { b: { rows: 10, positives: 5, features: [] } },
      }) ?? '',
      /no cross-validation of b/,
    );
    assert.match(
      peerMismatch(peers, { ...expected, leaveOneCollectionOut: { features: ['g'], heldOut: {} } }) ?? '',
      /features differ/,
    );
  });

  it('are absent, not an error, when the file does not exist', async () => {
    assert.equal(await readPeerResults('/nonexistent/peers.json'), undefined);
  });
});
