// What a fresh `npm ci` meets: no EBADENGINE warning on the running Node (every locked package's
// `engines.node` accepts it, which is what npm checks), and the default paths of a checkout.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { homeDir, optionsFromEnv, PROJECT_DIR } from '../../src/options.ts';

const require = createRequire(import.meta.url);
const semver = require('semver') as { satisfies(version: string, range: string): boolean };

describe('installing', () => {
  it('locks no package whose engines refuse this Node (npm ci would warn EBADENGINE)', () => {
    const lock = JSON.parse(readFileSync(join(PROJECT_DIR, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
    const checked: string[] = [];
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined;
      if (!range) continue;
      checked.push(path);
      if (!semver.satisfies(process.versions.node, range)) refused.push(`${path || 'keyfront'} wants node ${range}`);
    }
    assert.ok(checked.length > 10, 'the lockfile records engines: the check looks at something');
    assert.ok(checked.includes('node_modules/light-my-request/node_modules/cookie') || !Object.keys(lock.packages).some((p) => p.endsWith('/cookie')), 'cookie is checked where it is installed');
    assert.deepEqual(refused, [], `on Node ${process.versions.node}`);
  });

  it('keeps the default SQLite database in the project folder, or KEYFRONT_HOME, never the current directory', () => {
    assert.equal(optionsFromEnv({}).databaseUrl, `sqlite:${join(PROJECT_DIR, 'var', 'keyfront.db')}`);
    assert.equal(optionsFromEnv({ KEYFRONT_HOME: '/srv/keyfront' }).databaseUrl, 'sqlite:/srv/keyfront/var/keyfront.db');
    assert.equal(optionsFromEnv({ KEYFRONT_HOME: '/srv/keyfront' }).mailDir, '/srv/keyfront/var/mail');
    assert.equal(optionsFromEnv({ DATABASE_URL: 'sqlite:other.db' }).databaseUrl, 'sqlite:other.db', 'an explicit URL is taken as given');
    assert.equal(homeDir({}), PROJECT_DIR.replace(/\/$/, ''));
    assert.ok(readFileSync(join(homeDir({}), 'package.json'), 'utf8').includes('"name": "keyfront"'));
  });
});
