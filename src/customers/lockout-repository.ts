// The sign-in's look-up and lockout count in one statement, where the database can lock, read and
// write a row in one (PostgreSQL: UPDATE … FROM (SELECT … FOR UPDATE) … RETURNING). Elsewhere the
// look-up and CustomerRepository.countCheck's transaction do the same in several round trips.
import { sql } from 'kysely';
import { Repository } from '../db/repository.ts';
import { normalizeEmail, type CustomerRow, type LockoutFields } from './repository.ts';

export interface LockoutCount {
  /** What authentication-service.ts nextFailureCount computes, as SQL parameters. */
  now: string;
  lockUntil: string;
  maxFailures: number;
}

export class LockoutRepository extends Repository {
  get countsInOneStatement(): boolean {
    return this.traits.writableCte;
  }

  /**
   * The account of this email (in `websiteId`, or any when null: global sharing), with one failure
   * counted before its password is checked, atomically (the row is locked for the read and the
   * write): the row as it was, and the counters written (null when it was locked, so nothing was
   * counted). The SQL mirrors nextFailureCount (authentication-service.ts), which the other
   * databases run; the lockout tests run on all three.
   */
  async findAndCount(email: string, websiteId: number | null, count: LockoutCount): Promise<{ row: CustomerRow; written: LockoutFields | null } | null> {
    const { now, lockUntil, maxFailures } = count;
    const scope = websiteId === null ? sql`` : sql`AND website_id = ${websiteId}`;
    const result = await sql<CustomerRow & { old_failures_num: number; old_first_failure: string | null; old_lock_expires: string | null; was_locked: boolean }>`
      UPDATE customer_entity AS c SET
        failures_num = CASE WHEN o.was_locked THEN c.failures_num WHEN o.restart THEN 1 ELSE c.failures_num + 1 END,
        first_failure = CASE WHEN o.was_locked THEN c.first_failure WHEN o.restart THEN ${now} ELSE c.first_failure END,
        lock_expires = CASE
          WHEN o.was_locked THEN c.lock_expires
          WHEN o.restart THEN (CASE WHEN ${maxFailures} <= 1 THEN ${lockUntil} ELSE NULL END)
          WHEN c.failures_num + 1 >= ${maxFailures} THEN ${lockUntil}
          ELSE NULL END
      FROM (
        SELECT entity_id,
          failures_num AS old_failures_num, first_failure AS old_first_failure, lock_expires AS old_lock_expires,
          (lock_expires IS NOT NULL AND lock_expires > ${now}) AS was_locked,
          (first_failure IS NULL OR lock_expires IS NOT NULL OR failures_num + 1 = 1) AS restart
        FROM customer_entity
        WHERE email_normalized = ${normalizeEmail(email)} ${scope}
        ORDER BY entity_id LIMIT 1
        FOR UPDATE
      ) AS o
      WHERE c.entity_id = o.entity_id
      RETURNING c.*, o.old_failures_num, o.old_first_failure, o.old_lock_expires, o.was_locked`.execute(this.db);
    const found = result.rows[0];
    if (!found) return null;
    const { old_failures_num, old_first_failure, old_lock_expires, was_locked, ...updated } = found;
    const written = was_locked ? null : { failures_num: updated.failures_num, first_failure: updated.first_failure, lock_expires: updated.lock_expires };
    return { row: { ...updated, failures_num: old_failures_num, first_failure: old_first_failure, lock_expires: old_lock_expires }, written };
  }
}
