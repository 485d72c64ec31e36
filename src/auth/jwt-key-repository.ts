// SQL for JWT signing keys (jwt_signing_key).
import type { Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import { preparedQuery } from '../db/prepared.ts';
import { Repository } from '../db/repository.ts';
import type { JwtSigningKeyTable } from '../db/schema.ts';

export type JwtKeyRow = Selectable<JwtSigningKeyTable>;

export class JwtKeyRepository extends Repository {
  // Read on every JWT request (compiled once, see db/prepared.ts).
  private readonly byKidQuery;

  constructor(database: Database) {
    super(database);
    const db = database.db;
    this.byKidQuery = preparedQuery(db, 1, (kid: string) => db.selectFrom('jwt_signing_key').selectAll().where('kid', '=', kid));
  }

  /** The newest key of the algorithm that may still sign (not rotated away, not retired). */
  async current(alg: string): Promise<JwtKeyRow | undefined> {
    return this.db
      .selectFrom('jwt_signing_key')
      .selectAll()
      .where('alg', '=', alg)
      .where('retire_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('kid', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async byKid(kid: string): Promise<JwtKeyRow | undefined> {
    const [row] = await this.byKidQuery(kid);
    return row;
  }

  /** Keys still in the set at `now` (signing, or rotated away but not yet past their retire time). */
  async live(now: number): Promise<JwtKeyRow[]> {
    return this.db
      .selectFrom('jwt_signing_key')
      .selectAll()
      .where((eb) => eb.or([eb('retire_at', 'is', null), eb('retire_at', '>', now)]))
      .orderBy('created_at')
      .orderBy('kid')
      .execute();
  }

  async all(): Promise<JwtKeyRow[]> {
    return this.db.selectFrom('jwt_signing_key').selectAll().orderBy('created_at').orderBy('kid').execute();
  }

  async insert(row: JwtKeyRow): Promise<void> {
    await this.db.insertInto('jwt_signing_key').values(row).execute();
  }

  /** Sets the retire time of signing keys of `alg` other than `keepKid` (a rotation). */
  async retireOthers(alg: string, keepKid: string, retireAt: number): Promise<string[]> {
    const rows = await this.db.selectFrom('jwt_signing_key').select('kid').where('alg', '=', alg).where('retire_at', 'is', null).where('kid', '<>', keepKid).execute();
    if (rows.length === 0) return [];
    await this.db.updateTable('jwt_signing_key').set({ retire_at: retireAt }).where('alg', '=', alg).where('retire_at', 'is', null).where('kid', '<>', keepKid).execute();
    return rows.map((r) => r.kid);
  }

  /** Moves the key's retire time to `at` unless it is already earlier; false when the kid is unknown. */
  async retire(kid: string, at: number): Promise<boolean> {
    const row = await this.byKid(kid);
    if (!row) return false;
    if (row.retire_at === null || Number(row.retire_at) > at) await this.db.updateTable('jwt_signing_key').set({ retire_at: at }).where('kid', '=', kid).execute();
    return true;
  }

  async deleteRetiredBefore(now: number): Promise<number> {
    const r = await this.db.deleteFrom('jwt_signing_key').where('retire_at', 'is not', null).where('retire_at', '<=', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
