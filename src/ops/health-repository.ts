// The readiness probe's one statement: can the database answer at all, now.
import { sql } from 'kysely';
import { Repository } from '../db/repository.ts';

export class HealthRepository extends Repository {
  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.db);
  }
}
