// Magento_Security's limits on password-reset requests (SecurityManager with the Frequency and
// Quantity checkers), kept in the database so every process shares them:
// - customer/password/password_reset_protection_type: 0 none, 1 by IP and email (a request counts
//   against both: an earlier one from the same IP *or* for the same email), 2 by IP, 3 by email;
// - min_time_between_password_reset_requests (minutes): refused while the last counted request is
//   more recent than that ("Too many password reset requests…");
// - max_number_password_reset_requests: refused when that many were counted in the last hour
//   (Config::LIMITATION_TIME_PERIOD = 3600 s) ("We received too many requests…").
// Frequency is checked first, then quantity; only accepted requests are recorded. Unlike Magento
// (check, then insert), the request is recorded first and checked against the rows before it, so
// parallel requests cannot all slip through; a refused request removes its row again.
import { StateError } from '../errors/domain-errors.ts';
import { epochSeconds, type Clock } from '../lib/clock.ts';
import type { ConfigService } from '../settings/service.ts';
import type { StoreView } from '../stores/model.ts';
import type { ResetRequestMatch, ResetRequestRepository } from './reset-request-repository.ts';

export const CUSTOMER_PASSWORD_RESET_REQUEST = 0;
const LIMITATION_TIME_PERIOD = 3600;
const RECORDS_LIFE_TIME = 86400;


export class ResetRequestLimiter {
  constructor(
    private readonly repository: ResetRequestRepository,
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {}

  /** Records a reset request for this email from this IP, or refuses it (StateError, 400). */
  async check(store: StoreView, email: string, ip: string): Promise<void> {
    const now = epochSeconds(this.clock.now());
    const reference = email.trim().toLowerCase().slice(0, 255);
    const id = await this.repository.record(CUSTOMER_PASSWORD_RESET_REQUEST, reference, ip, now);
    const protection = await this.config.getNumber('customer/password/password_reset_protection_type', store);
    if (protection === 0) return;
    const minSeconds = (await this.config.getNumber('customer/password/min_time_between_password_reset_requests', store)) * 60;
    const maxRequests = await this.config.getNumber('customer/password/max_number_password_reset_requests', store);
    const match: ResetRequestMatch = protection === 2 ? 'ip' : protection === 3 ? 'email' : 'ip-or-email';
    let refusal: 'password.reset_too_frequent' | 'password.reset_too_many' | null = null;
    if (minSeconds > 0) {
      const lastAt = await this.repository.lastBefore(CUSTOMER_PASSWORD_RESET_REQUEST, id, match, ip, reference);
      if (lastAt > 0 && minSeconds > now - lastAt) refusal = 'password.reset_too_frequent';
    }
    if (!refusal && maxRequests > 0) {
      const counted = await this.repository.countBefore(CUSTOMER_PASSWORD_RESET_REQUEST, id, match, ip, reference, now - LIMITATION_TIME_PERIOD);
      if (counted >= maxRequests) refusal = 'password.reset_too_many';
    }
    if (refusal) {
      await this.repository.remove(id);
      throw new StateError(refusal, [(await this.config.get('contact/email/recipient_email', store)) ?? '']);
    }
  }

  /** SecurityManager::cleanExpiredRecords: rows older than a day carry no information any more. */
  async removeExpired(): Promise<number> {
    return this.repository.removeBefore(epochSeconds(this.clock.now()) - RECORDS_LIFE_TIME);
  }
}
