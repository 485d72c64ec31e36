// Admin users: created from the CLI, signed in through POST /V1/integration/admin/token.
import type { PasswordHasher } from '../auth/passwords.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { isValidEmail } from '../lib/email.ts';
import { AuthenticationError, InputError, InputErrors } from '../errors/domain-errors.ts';
import { formatDateTime, type Clock } from '../lib/clock.ts';
import type { AdminUserRepository, AdminUserRow } from './repository.ts';

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
    private readonly repository: AdminUserRepository,
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
      const id = await this.repository.insert({
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
        });
      return { id, username, email: input.email.trim(), firstname: input.firstname.trim(), lastname: input.lastname.trim(), isActive: true };
    } catch (error) {
      if (isUniqueViolation(error)) throw new InputError('admin.user_exists');
      throw error;
    }
  }

  count(): Promise<number> {
    return this.repository.count();
  }

  setActive(username: string, active: boolean): Promise<boolean> {
    return this.repository.setActive(username, active);
  }

  /** The admin with this user name (case-insensitive), or null. */
  async byUsername(username: string): Promise<AdminUser | null> {
    const row = await this.findByUsername(username.trim());
    return row ? { id: row.user_id, username: row.username, email: row.email, firstname: row.firstname, lastname: row.lastname, isActive: row.is_active === 1 } : null;
  }

  exists(userId: number): Promise<boolean> {
    return this.repository.exists(userId);
  }

  private findByUsername(username: string): Promise<AdminUserRow | undefined> {
    return this.repository.findByUsername(username);
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
      await this.repository.setPasswordHash(row.user_id, await this.hasher.hash(password));
    }
    return { id: row.user_id, username: row.username, email: row.email, firstname: row.firstname, lastname: row.lastname, isActive: true };
  }
}
