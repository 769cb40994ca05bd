// Reading a model file by bundled name or path: what a user is told when the name is neither.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../core/errors.ts';
import { readModelFile } from './model-file.ts';

describe('readModelFile', () => {
  it('names the bundled models when --model is neither one of them nor a file', async () => {
    await assert.rejects(
      readModelFile('instagarm'),
      (error: Error) =>
        error instanceof InputError &&
        error.message ===
          'no model "instagarm": name a bundled model (x, instagram, general) or a model file\'s path',
    );
  });

  it('names a missing model file by its path', async () => {
    await assert.rejects(
      readModelFile('models/nope.json'),
      /models\/nope\.json: cannot read the model: ENOENT$/,
    );
  });
});
