// Password hashing: argon2id with the configured cost, and Magento's own hash formats (so customers
// moved off Magento keep their passwords), checked against an independent libsodium build.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import sodiumModule from 'libsodium-wrappers-sumo';
import { Argon2PasswordHasher, OWASP_ARGON2, verifyMagentoHash } from '../../src/auth/passwords.ts';
import { checkPasswordStrength } from '../../src/auth/password-policy.ts';
import { optionsFromEnv } from '../../src/options.ts';

async function sodium() {
  await sodiumModule.ready;
  return sodiumModule;
}

/** Magento's Encryptor::getHash($password, true) for version 3, written with libsodium as PHP does it. */
async function magentoArgonHash(password: string, salt: string): Promise<string> {
  const s = await sodium();
  const salt16 = Buffer.from(salt).subarray(0, 16);
  const raw = s.crypto_pwhash(32, password, salt16, 2, 67108864, s.crypto_pwhash_ALG_ARGON2ID13);
  return `${Buffer.from(raw).toString('hex')}:${salt}:3_32_2_67108864`;
}

describe('password hashing', () => {
  it("defaults to OWASP's argon2id parameters", () => {
    const options = optionsFromEnv({});
    assert.deepEqual(options.argon2, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
    assert.deepEqual(OWASP_ARGON2, options.argon2);
  });

  it('hashes with argon2id at the configured cost and verifies', async () => {
    const hasher = new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const hash = await hasher.hash('Password1');
    assert.match(hash, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    assert.equal(await hasher.verify('Password1', hash), true);
    assert.equal(await hasher.verify('Password2', hash), false);
    assert.equal(hasher.needsRehash(hash), false);
    assert.equal(new Argon2PasswordHasher({ memoryCost: 2048, timeCost: 1, parallelism: 1 }).needsRehash(hash), true);
    assert.equal(await hasher.verifyDummy('anything'), false);
    assert.equal(await hasher.verify('x', 'not a hash at all'), false);
  });

  it("verifies Magento's argon2id (version 3) hashes made by libsodium", async () => {
    const salt = 'abcdefghijklmnopqrstuvwxyz012345';
    const stored = await magentoArgonHash('Password1', salt);
    assert.equal(await verifyMagentoHash('Password1', stored), true);
    assert.equal(await verifyMagentoHash('Password2', stored), false);
    const hasher = new Argon2PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    assert.equal(await hasher.verify('Password1', stored), true);
    assert.equal(hasher.needsRehash(stored), true, 'imported hashes are upgraded at the next sign-in');
  });

  it("verifies Magento's version 2 (argon2id, interactive limits) and legacy md5/sha256 hashes, and chains", async () => {
    const salt = 'QWERTYUIOPASDFGHJKLZXCVBNM123456';
    const v3 = await magentoArgonHash('Password1', salt);
    const v2 = v3.replace(/:3_32_2_67108864$/, ':2');
    assert.equal(await verifyMagentoHash('Password1', v2), true);
    const sha = createHash('sha256').update(`${salt}Password1`).digest('hex');
    assert.equal(await verifyMagentoHash('Password1', `${sha}:${salt}:1`), true);
    assert.equal(await verifyMagentoHash('password1', `${sha}:${salt}:1`), false);
    const md5 = createHash('md5').update(`${salt}Password1`).digest('hex');
    assert.equal(await verifyMagentoHash('Password1', `${md5}:${salt}:0`), true);
    // bin/magento customer:hash:upgrade wraps an md5 hash in sha256: version chain "0:1".
    const wrapped = createHash('sha256').update(salt + md5).digest('hex');
    assert.equal(await verifyMagentoHash('Password1', `${wrapped}:${salt}:0:1`), true);
    assert.equal(await verifyMagentoHash('Password1', `${sha}:${salt}:9`), false, 'unknown versions fail closed');
    assert.equal(await verifyMagentoHash('Password1', sha), false, 'a bare digest is not a customer hash');
  });
});

describe('password rules', () => {
  const policy = { minLength: 8, requiredClasses: 3 };
  it('counts characters, not bytes, and checks in Magento\'s order', () => {
    assert.doesNotThrow(() => checkPasswordStrength('Pässwörd1', policy));
    assert.throws(() => checkPasswordStrength('Pä1', policy), /needs at least %1 characters/);
    assert.throws(() => checkPasswordStrength(' Short1', policy), /needs at least/);
    assert.throws(() => checkPasswordStrength('Password1 ', policy), /begin or end with a space/);
    assert.doesNotThrow(() => checkPasswordStrength('password!1', policy));
    assert.doesNotThrow(() => checkPasswordStrength('x'.repeat(250) + 'A1', policy));
    assert.throws(() => checkPasswordStrength('x'.repeat(255) + 'A1', policy), /at most %1 characters/);
  });
});
