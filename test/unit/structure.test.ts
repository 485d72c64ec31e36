// The shape docs/architecture.md promises, checked: no import cycle between folders of src/, SQL
// only in repositories and db/, and doors that never hold the database.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = new URL('../../', import.meta.url).pathname;
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('structure', () => {
  it('no import cycle between folders (scripts/check-cycles.mjs)', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/check-cycles.mjs')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /import cycles: none between \d+ folders/);
  });

  it('SQL only in repository files and src/db/', () => {
    const offenders = sources(SRC)
      .filter((f) => !/repository\.ts$/.test(f) && !relative(SRC, f).startsWith('db/'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => [line, i + 1] as const)
          .filter(([line]) => /selectFrom|insertInto|updateTable|deleteFrom|sql`/.test(line))
          .map(([, n]) => `${relative(ROOT, f)}:${n}`),
      );
    assert.deepEqual(offenders, []);
  });

  it('no dialect name branches outside src/db/', () => {
    const offenders = sources(SRC)
      .filter((f) => !relative(SRC, f).startsWith('db/'))
      .filter((f) => /dialect\s*===|\.dialect\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    assert.deepEqual(offenders, []);
  });

  it('every write to core_config_data raises the configuration version in its transaction', () => {
    // ConfigService.snapshotAt trusts the version: a write that does not raise it would leave
    // every process signing users in with stale settings.
    const write = /(insertInto|updateTable|deleteFrom)\('core_config_data'\)/;
    const offenders = sources(SRC)
      .filter((f) => !relative(SRC, f).startsWith('db/migrations/'))
      .flatMap((f) => {
        const lines = readFileSync(f, 'utf8').split('\n');
        return lines
          .map((line, i) => [line, i] as const)
          .filter(([line]) => write.test(line))
          // The raise must follow within the same method (a few lines on).
          .filter(([, i]) => !lines.slice(i, i + 4).some((l) => /raiseConfigVersion\(/.test(l)))
          .map(([, i]) => `${relative(ROOT, f)}:${i + 1}`);
      });
    assert.deepEqual(offenders, []);
  });

  it('doors never reach the database', () => {
    const offenders = sources(join(SRC, 'doors')).filter((f) => /\bdatabase\b\.|from '[^']*\/db\/database\.ts'|Kysely/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => relative(ROOT, f)), []);
  });
});
