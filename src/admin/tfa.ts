// Magento_TwoFactorAuth's Google Authenticator provider: a TOTP secret per admin, set up on the
// first sign-in from a QR code, then a 6-digit code at every sign-in. The secret is stored
// encrypted with the key ring; a code is accepted once only.
import type { KeyRing } from '../auth/secrets.ts';
import { THROTTLE_ADMIN, type LoginThrottle } from '../auth/throttle.ts';
import type { ConfigService } from '../settings/service.ts';
import { epochSeconds, type Clock } from '../lib/clock.ts';
import type { TfaRepository } from './tfa-repository.ts';
import { matchingStep, newSecret, otpauthUri } from './totp.ts';

export type TfaState = 'none' | 'pending' | 'active';

export class TwoFactorService {
  constructor(
    private readonly repository: TfaRepository,
    private readonly keys: KeyRing,
    private readonly clock: Clock,
    private readonly throttle: LoginThrottle,
    private readonly config: ConfigService,
    /** KEYFRONT_ADMIN_2FA=off (local development only): the second step is skipped. */
    readonly enabled: boolean,
  ) {}

  async state(userId: number): Promise<TfaState> {
    const row = await this.repository.find(userId);
    return !row ? 'none' : row.confirmed === 1 ? 'active' : 'pending';
  }

  /** The secret being set up (created on first ask), as an otpauth:// URI and as text to type in. */
  async setup(userId: number, account: string): Promise<{ secret: string; uri: string }> {
    const row = await this.repository.find(userId);
    if (row?.confirmed === 1) throw new Error('two-factor authentication is already set up');
    let secret: string;
    if (row) secret = await this.keys.decrypt(row.secret);
    else {
      secret = newSecret();
      await this.repository.replace(userId, await this.keys.encrypt(secret));
    }
    return { secret, uri: otpauthUri('Keyfront', account, secret) };
  }

  /**
   * Checks a code (confirming a pending setup with it); false for a wrong or reused code. Guesses
   * count in the sign-in throttle under their own name, with the admin lockout's limits, so a
   * stolen password does not buy a million tries at the code.
   */
  async verify(userId: number, code: string): Promise<boolean> {
    const row = await this.repository.find(userId);
    if (!row) return false;
    const limits = await this.config.getNumbers(['admin/security/lockout_failures', 'admin/security/lockout_threshold']);
    const key = `tfa:${userId}`;
    const allowed = await this.throttle.reserveAttempt(key, THROTTLE_ADMIN, { maxFailures: limits['admin/security/lockout_failures'], timeoutSeconds: limits['admin/security/lockout_threshold'] * 60 });
    if (!allowed) return false;
    const step = matchingStep(await this.keys.decrypt(row.secret), code, epochSeconds(this.clock.now()), Number(row.last_step));
    const ok = step !== null && (await this.repository.accept(userId, step));
    if (ok) await this.throttle.reset(key, THROTTLE_ADMIN);
    return ok;
  }

  /** A lost phone: the next sign-in sets up a new secret. */
  async reset(userId: number): Promise<boolean> {
    await this.throttle.reset(`tfa:${userId}`, THROTTLE_ADMIN);
    return this.repository.delete(userId);
  }
}
