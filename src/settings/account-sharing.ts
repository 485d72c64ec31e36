// Magento's Account Sharing Options (customer/account_share/scope): 1 (default) keeps each
// website's customers apart; 0 shares one account per email across all websites. Read at use,
// so a change applies at once.
import type { ConfigService } from './service.ts';

export class AccountSharing {
  constructor(private readonly config: ConfigService) {}

  async isGlobal(): Promise<boolean> {
    return (await this.config.getNumber('customer/account_share/scope')) === 0;
  }

  /** The website to which an email look-up is limited: the given one, or none (null) under global sharing. */
  async emailScope(websiteId: number): Promise<number | null> {
    return (await this.isGlobal()) ? null : websiteId;
  }
}
