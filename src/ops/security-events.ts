// Security events, logged at info as structured fields (pino), and counted in /metrics when on.
// Never a secret: no password, no token, no reset link; a user name that failed to sign in is
// logged only as a short hash (people type passwords into the user-name field).
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.ts';

export type SignInOutcome = 'success' | 'failed' | 'throttled' | 'locked';

export class SecurityEvents {
  constructor(
    private readonly log: Logger | null,
    private readonly metrics: Metrics | null,
  ) {}

  signIn(userType: 'customer' | 'admin', outcome: SignInOutcome, fields: { userId?: number; userName?: string; ip?: string }): void {
    this.metrics?.signIn(userType, outcome);
    this.log?.info(
      { event: 'sign_in', user_type: userType, outcome, user_id: fields.userId, user_name_hash: fields.userName === undefined ? undefined : nameHash(fields.userName), ip: fields.ip },
      `sign-in ${outcome}`,
    );
  }

  accountLocked(customerId: number, until: string): void {
    this.metrics?.locked();
    this.log?.info({ event: 'account_locked', customer_id: customerId, lock_expires: until }, 'account locked');
  }

  passwordResetRequested(customerId: number, ip: string): void {
    this.log?.info({ event: 'password_reset_requested', customer_id: customerId, ip }, 'password reset requested');
  }

  passwordReset(customerId: number, ip: string): void {
    this.log?.info({ event: 'password_reset', customer_id: customerId, ip }, 'password reset');
  }

  passwordChanged(customerId: number, ip: string): void {
    this.log?.info({ event: 'password_changed', customer_id: customerId, ip }, 'password changed');
  }

  tokensRevoked(userType: number, userId: number, scope: 'all' | 'others' | 'one'): void {
    this.log?.info({ event: 'tokens_revoked', user_type: userType, user_id: userId, scope }, 'tokens revoked');
  }
}

function nameHash(name: string): string {
  return createHash('sha256').update(name.trim().toLowerCase()).digest('hex').slice(0, 16);
}
