// Admin users: created from the CLI, signed in through POST /V1/integration/admin/token.
import { sql, type Kysely } from 'kysely';
import type { PasswordHasher } from '../auth/passwords.ts';
import type { DialectName } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { insertReturningId } from '../db/insert.ts';
import type { Tables } from '../db/schema.ts';
import { isValidEmail } from '../customers/validation.ts';
import { AuthenticationError, InputError, InputErrors } from '../errors/domain-errors.ts';
import { formatDateTime, type Clock } from '../lib/clock.ts';

export interface AdminUser {
  id: number;
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  isActive: boolean;
}

export interface NewAdminUser {
  username: string;
  password: string;
  email: string;
  firstname: string;
  lastname: string;
}

export class AdminUserService {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: DialectName,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /** Magento_User's rules (UserValidationRules): names, a valid email, a 7+ character password with letters and digits. */
  async create(input: NewAdminUser): Promise<AdminUser> {
    const errors = new InputErrors();
    if (!input.username?.trim()) errors.add(new InputError('admin.username_required'));
    if (!input.firstname?.trim()) errors.add(new InputError('admin.firstname_required'));
    if (!input.lastname?.trim()) errors.add(new InputError('admin.lastname_required'));
    if (!isValidEmail(input.email ?? '')) errors.add(new InputError('admin.invalid_email'));
    const password = input.password ?? '';
    if (password === '') errors.add(new InputError('admin.password_required'));
    else {
      if ([...password].length < 7) errors.add(new InputError('admin.password_too_short', [7]));
      if (!/[a-z].*\d|\d.*[a-z]/iu.test(password)) errors.add(new InputError('admin.password_needs_letters_and_digits'));
    }
    errors.throwIfAny();
    const now = formatDateTime(this.clock.now());
    const username = input.username.trim();
    if (await this.findByUsername(username)) throw new InputError('admin.user_exists');
    try {
      const id = await insertReturningId(
        this.dialect,
        this.db.insertInto('admin_user').values({
          username,
          email: input.email.trim(),
          firstname: input.firstname.trim(),
          lastname: input.lastname.trim(),
          password: await this.hasher.hash(password),
          created: now,
          modified: now,
          is_active: 1,
          failures_num: 0,
          first_failure: null,
          lock_expires: null,
        }),
        'user_id',
      );
      return { id, username, email: input.email.trim(), firstname: input.firstname.trim(), lastname: input.lastname.trim(), isActive: true };
    } catch (error) {
      if (isUniqueViolation(error)) throw new InputError('admin.user_exists');
      throw error;
    }
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('admin_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async setActive(username: string, active: boolean): Promise<boolean> {
    const r = await this.db.updateTable('admin_user').set({ is_active: active ? 1 : 0 }).where('username', '=', username).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The admin with this user name (case-insensitive), or null. */
  async byUsername(username: string): Promise<AdminUser | null> {
    const row = await this.findByUsername(username.trim());
    return row ? { id: row.user_id, username: row.username, email: row.email, firstname: row.firstname, lastname: row.lastname, isActive: row.is_active === 1 } : null;
  }

  async exists(userId: number): Promise<boolean> {
    return (await this.db.selectFrom('admin_user').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
  }

  // User names match case-insensitively, as under MySQL's collation in Magento.
  private async findByUsername(username: string) {
    return this.db.selectFrom('admin_user').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
  }

  /** The active admin with this user name and password; unknown users cost a dummy verification. */
  async authenticate(username: string, password: string): Promise<AdminUser> {
    const row = await this.findByUsername(username.trim());
    if (!row) {
      await this.hasher.verifyDummy(password);
      throw new AuthenticationError('auth.sign_in_failed');
    }
    const ok = await this.hasher.verify(password, row.password);
    if (!ok || row.is_active !== 1) {
      throw new AuthenticationError('auth.sign_in_failed');
    }
    if (this.hasher.needsRehash(row.password)) {
      await this.db.updateTable('admin_user').set({ password: await this.hasher.hash(password) }).where('user_id', '=', row.user_id).execute();
    }
    return { id: row.user_id, username: row.username, email: row.email, firstname: row.firstname, lastname: row.lastname, isActive: true };
  }
}
