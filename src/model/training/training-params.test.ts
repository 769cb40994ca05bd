import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../core/errors.ts';
import { trainingParams } from './train-model.ts';

const featureSet = { names: ['log_followers', 'log_following', 'bio_length'] };

test('monotone signs by name are laid out in the feature order, 0 where not named', () => {
  const params = trainingParams(
    {
      name: 'm',
      params: { learningRate: 0.1 },
      monotone: { bio_length: -1, log_following: 1 },
      monotoneReasons: { bio_length: 'a', log_following: 'b' },
    },
    featureSet,
  );
  assert.deepEqual(params, { learningRate: 0.1, monotoneConstraints: [0, 1, -1] });
});

test('no monotone: the params as given', () => {
  const params = { learningRate: 0.1 };
  assert.equal(trainingParams({ name: 'm', params }, featureSet), params);
});

test('a constrained feature not in the set, or without a reason, is an error naming it', () => {
  assert.throws(
    () =>
      trainingParams(
        { name: 'm', params: {}, monotone: { log_posts: 1 }, monotoneReasons: { log_posts: 'x' } },
        featureSet,
      ),
    (error: unknown) => error instanceof InputError && /log_posts/.test(error.message),
  );
  assert.throws(
    () => trainingParams({ name: 'm', params: {}, monotone: { bio_length: -1 } }, featureSet),
    /no reason for: bio_length/,
  );
});
