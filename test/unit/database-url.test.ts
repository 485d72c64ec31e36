// DATABASE_URL forms (issue 15, items 4 and 5): Unix sockets for PostgreSQL and MariaDB, the
// `?pgbouncer=true` switch (taken out of what the driver sees), and masking of every password form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { connectionOf, dialectOf, maskUrl } from '../../src/db/database.ts';

/** What pg makes of a URL (its connection parameters), without connecting. */
function parse(url: string): { host: string; database: string; user: string; [key: string]: unknown } {
  return (new pg.Client({ connectionString: url }) as unknown as { connectionParameters: { host: string; database: string; user: string } }).connectionParameters;
}

describe('DATABASE_URL', () => {
  it('accepts the Unix-socket forms of both servers', () => {
    assert.equal(dialectOf('postgres:///test?host=/var/run/postgresql'), 'postgres');
    assert.equal(dialectOf('postgresql://postgres@%2Fvar%2Frun%2Fpostgresql/test'), 'postgres');
    assert.equal(dialectOf('mysql://root@localhost/test?socketPath=/run/mysqld/mysqld.sock'), 'mysql');
    assert.equal(dialectOf('mariadb://root@localhost/test?socketPath=/run/mysqld/mysqld.sock'), 'mysql');
    // What pg makes of them: a socket folder as host, and the database.
    assert.deepEqual([parse('postgres:///test?host=/var/run/postgresql').host, parse('postgres:///test?host=/var/run/postgresql').database], ['/var/run/postgresql', 'test']);
    const encoded = parse('postgresql://postgres@%2Fvar%2Frun%2Fpostgresql/test');
    assert.deepEqual([encoded.host, encoded.database, encoded.user], ['/var/run/postgresql', 'test', 'postgres']);
  });

  it('takes ?pgbouncer= out of the URL the driver sees, and keeps the other parameters', () => {
    assert.deepEqual(connectionOf('postgres://u@db:6432/shop?pgbouncer=true'), { dialect: 'postgres', driverUrl: 'postgres://u@db:6432/shop', pgbouncer: true });
    assert.deepEqual(connectionOf('postgres://u@db/shop?sslmode=require&pgbouncer=1&application_name=kf'), { dialect: 'postgres', driverUrl: 'postgres://u@db/shop?sslmode=require&application_name=kf', pgbouncer: true });
    assert.deepEqual(connectionOf('postgres:///shop?host=/var/run/postgresql&pgbouncer=false'), { dialect: 'postgres', driverUrl: 'postgres:///shop?host=/var/run/postgresql', pgbouncer: false });
    assert.deepEqual(connectionOf('postgres://u@db/shop'), { dialect: 'postgres', driverUrl: 'postgres://u@db/shop', pgbouncer: false });
    assert.doesNotMatch(connectionOf('postgres://u@db/shop?pgbouncer=true&sslmode=disable').driverUrl, /pgbouncer/);
    // The SQLite path is a file name, never parsed for parameters.
    assert.deepEqual(connectionOf('sqlite:var/a?pgbouncer=true.db'), { dialect: 'sqlite', driverUrl: 'sqlite:var/a?pgbouncer=true.db', pgbouncer: false });
  });

  it('refuses a pgbouncer value it does not know, and the switch on MariaDB', () => {
    assert.throws(() => connectionOf('postgres://u@db/shop?pgbouncer=yes'), /pgbouncer must be true or false \(got "yes"\)/);
    assert.throws(() => dialectOf('mysql://root@db/shop?pgbouncer=true'), /postgres:\/\/ URLs only/);
    assert.throws(() => dialectOf('redis://db'), /must start with sqlite:, postgres:\/\/ or mysql:\/\//);
  });

  it('masks a password in the user part and in a password= parameter, whatever the host form', () => {
    assert.equal(maskUrl('postgres://kf:s3cret@db:5432/shop?pgbouncer=true'), 'postgres://kf:***@db:5432/shop?pgbouncer=true');
    assert.equal(maskUrl('postgresql://kf:s3cret@%2Fvar%2Frun%2Fpostgresql/shop'), 'postgresql://kf:***@%2Fvar%2Frun%2Fpostgresql/shop');
    assert.equal(maskUrl('postgres:///shop?host=/var/run/postgresql&user=kf&password=s3cret'), 'postgres:///shop?host=/var/run/postgresql&user=kf&password=***');
    assert.equal(maskUrl('mysql://root:s3cret@localhost/shop?socketPath=/run/mysqld/mysqld.sock'), 'mysql://root:***@localhost/shop?socketPath=/run/mysqld/mysqld.sock');
    assert.equal(maskUrl('postgres:///shop?host=/var/run/postgresql'), 'postgres:///shop?host=/var/run/postgresql');
  });
});
