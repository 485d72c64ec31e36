// Production never silently hashes at a test cost: with nothing set in the environment, the
// argon2id parameters are OWASP's recommendation (19 MiB, t=2, p=1), and they count as strong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWeakArgon2, optionsFromEnv } from '../../src/options.ts';

test('an empty environment gives OWASP argon2id parameters: 19 MiB, 2 passes, 1 lane', () => {
  const options = optionsFromEnv({});
  assert.deepEqual(options.argon2, { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 });
  assert.equal(isWeakArgon2(options.argon2), false);
});

test('KEYFRONT_ARGON2_* set the parameters, and a cost below OWASP is flagged weak', () => {
  const options = optionsFromEnv({ KEYFRONT_ARGON2_MEMORY_KIB: '256', KEYFRONT_ARGON2_TIME_COST: '1', KEYFRONT_ARGON2_PARALLELISM: '2' });
  assert.deepEqual(options.argon2, { memoryCost: 256, timeCost: 1, parallelism: 2 });
  assert.equal(isWeakArgon2(options.argon2), true);
});
