// bin/keyfront runs dist/keyfront.js (the build in one file, scripts/bundle.mjs) only while it is
// at least as new as dist/cli/main.js: after a plain `tsc` it would be stale, and the files of
// dist/ run instead. Checked on a copy of bin/keyfront beside two stand-in builds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PROJECT_DIR } from '../../src/options.ts';

describe('bin/keyfront', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyfront-bin-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  copyFileSync(join(PROJECT_DIR, 'bin', 'keyfront'), join(dir, 'bin', 'keyfront'));
  const stub = (name: string) => `export async function main(args) { console.log(${JSON.stringify(name)}, args.join(' ')); return 0; }\n`;
  writeFileSync(join(dir, 'dist', 'cli', 'main.js'), stub('files'));
  const run = () => spawnSync(process.execPath, [join(dir, 'bin', 'keyfront'), 'serve'], { encoding: 'utf8' });
  const age = (path: string, seconds: number) => utimesSync(join(dir, path), seconds, seconds);

  it('runs the files of dist/ when there is no bundle', () => {
    assert.equal(run().stdout, 'files serve\n');
  });

  it('runs the bundle when it is as new as dist/cli/main.js or newer', () => {
    writeFileSync(join(dir, 'dist', 'keyfront.js'), stub('bundle'));
    age('dist/cli/main.js', 1_700_000_000);
    age('dist/keyfront.js', 1_700_000_100);
    assert.equal(run().stdout, 'bundle serve\n');
    age('dist/keyfront.js', 1_700_000_000);
    assert.equal(run().stdout, 'bundle serve\n');
  });

  it('runs the files of dist/ when the bundle is older (tsc ran after the bundle was made)', () => {
    age('dist/keyfront.js', 1_699_999_000);
    assert.equal(run().stdout, 'files serve\n');
  });
});
