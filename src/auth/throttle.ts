// The token endpoints' brute-force throttle (Magento's RequestThrottler), without its bugs:
// a lock really expires, and an attempt is counted *before* the password is checked, in one
// atomic statement, so a burst of parallel guesses cannot run more checks than the limit.
import { epochSeconds, type Clock } from '../lib/clock.ts';
import type { ThrottleRepository } from './throttle-repository.ts';

/** Magento's throttler user types (not the same numbers as the token user types). */
export const THROTTLE_CUSTOMER = 2;
export const THROTTLE_ADMIN = 3;

export interface ThrottleLimits {
  maxFailures: number;
  timeoutSeconds: number;
}

export class LoginThrottle {
  constructor(
    private readonly repository: ThrottleRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Counts one attempt for this user name and answers whether its password may be checked:
   * false once more than `maxFailures` attempts have been counted since the last success,
   * until the lock expires.
   */
  async reserveAttempt(userName: string, userType: number, limits: ThrottleLimits): Promise<boolean> {
    const { count } = await this.countAttempt(userName, userType, limits.timeoutSeconds);
    return count <= limits.maxFailures;
  }

  /**
   * Counts one attempt; the caller judges the count (allowed while <= max failures) with the
   * settings of `configVersion`, the configuration's version read in the same statement.
   */
  countAttempt(userName: string, userType: number, timeoutSeconds: number): Promise<{ count: number; configVersion: number }> {
    const now = epochSeconds(this.clock.now());
    return this.repository.countAttempt(normalize(userName), userType, now, now + timeoutSeconds);
  }

  /** The user name as the throttle keys it (for a caller that clears the count in its own statement). */
  keyOf(userName: string): string {
    return normalize(userName);
  }

  /** A successful sign-in clears the count. */
  async reset(userName: string, userType: number): Promise<void> {
    await this.repository.clear(normalize(userName), userType);
  }

  /** Rows whose lock has passed carry no information any more. */
  async removeExpired(): Promise<number> {
    return this.repository.removeExpired(epochSeconds(this.clock.now()));
  }
}

// Emails and admin user names match case-insensitively, so the throttle must too, or
// "JDoe@Example.com" would be a fresh budget of guesses for the same account.
function normalize(userName: string): string {
  return userName.trim().toLowerCase().slice(0, 255);
}
