// What every repository starts from: the database handle and its dialect's traits. A repository
// is the only place SQL is written (test/unit/structure.test.ts), each owning its own tables.
import type { Kysely } from 'kysely';
import type { Database, DialectTraits } from './database.ts';
import type { Tables } from './schema.ts';

export abstract class Repository {
  protected readonly db: Kysely<Tables>;
  protected readonly traits: DialectTraits;

  constructor(database: Database) {
    this.db = database.db;
    this.traits = database.traits;
  }
}
