// Magento's Account Sharing Options (customer/account_share/scope): 1 (default) keeps each
// website's customers apart; 0 shares one account per email across all websites. Read at use,
// so a change applies at once.
//
// The database holds the rule too (migration 0008): each customer row carries an email scope, its
// website id or 0 under global sharing, unique with the normalized email. Accounts are written
// with the scope read in their own transaction under a shared lock on the setting, and a switch
// of modes rewrites every row's scope in the transaction that writes the setting, so a parallel
// create can never slip a duplicate past a switch.
import type { Executor, Transactor } from '../db/database.ts';
import { StateError } from '../errors/domain-errors.ts';
import type { ConfigRepository } from './repository.ts';
import type { ConfigService } from './service.ts';
import { CONFIG_DEFAULTS } from './defaults.ts';

export const ACCOUNT_SHARE_PATH = 'customer/account_share/scope';

/** What the customer repository does for a switch of modes (no import of customers/ here). */
export interface EmailScopes {
  /** Whether some normalized email is held by more than one account. */
  hasDuplicateEmails(tx: Executor): Promise<boolean>;
  /** Every account's email scope: 0 (global) or its website id. */
  rescopeEmails(tx: Executor, global: boolean): Promise<void>;
}

export interface SharingStore {
  repository: ConfigRepository;
  transactor: Transactor;
  emails: EmailScopes;
}

export class AccountSharing {
  constructor(
    private readonly config: ConfigService,
    private readonly store?: SharingStore,
  ) {
    config.registerBackend(ACCOUNT_SHARE_PATH, (value) => this.setScope(value));
  }

  async isGlobal(): Promise<boolean> {
    return (await this.config.getNumber(ACCOUNT_SHARE_PATH)) === 0;
  }

  /** The website to which an email look-up is limited: the given one, or none (null) under global sharing. */
  async emailScope(websiteId: number): Promise<number | null> {
    return (await this.isGlobal()) ? null : websiteId;
  }

  /** The email scope to store on an account written in `tx`: 0 under global sharing, else its website. */
  async emailScopeIn(tx: Executor, websiteId: number): Promise<number> {
    if (!this.store) return (await this.isGlobal()) ? 0 : websiteId;
    const value = (await this.store.repository.defaultValueLocked(tx, ACCOUNT_SHARE_PATH)) ?? CONFIG_DEFAULTS[ACCOUNT_SHARE_PATH];
    return Number(value) === 0 ? 0 : websiteId;
  }

  /**
   * Magento\Customer\Model\Config\Share::beforeSave: global sharing is refused while one email
   * has accounts in several websites. The setting and every account's scope change together.
   */
  private async setScope(value: string): Promise<void> {
    if (!this.store) throw new Error('account sharing cannot be changed without its store');
    const { repository, transactor, emails } = this.store;
    const global = Number(value) === 0;
    await transactor.transaction(null, async (tx) => {
      await repository.updateDefaultIn(tx, ACCOUNT_SHARE_PATH, value);
      if (global && (await emails.hasDuplicateEmails(tx))) throw new StateError('customer.share_duplicates');
      await emails.rescopeEmails(tx, global);
    });
  }
}
