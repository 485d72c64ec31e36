// Newsletter subscriptions, as far as Keyfront keeps them: a customer's own subscription flag
// (customer_entity.is_subscribed, which REST, GraphQL and the storefront all read and write).
// Magento also keeps guest subscribers in newsletter_subscriber; Keyfront keeps no list of
// guests, so a guest subscription is refused as Magento refuses it when guest subscriptions are
// off, and a customer may subscribe only their own address.
import { InputError } from '../errors/domain-errors.ts';
import { formatDateTime } from '../lib/clock.ts';
import type { RequestContext } from '../request/context.ts';
import type { ConfigService } from '../settings/service.ts';
import type { StoreView } from '../stores/model.ts';
import { normalizeEmail, type CustomerRepository } from './repository.ts';

export type SubscriptionStatus = 'SUBSCRIBED' | 'NOT_ACTIVE' | 'UNSUBSCRIBED' | 'UNCONFIRMED';

export class NewsletterService {
  constructor(
    private readonly repository: CustomerRepository,
    private readonly config: ConfigService,
  ) {}

  /** newsletter/general/active: whether the store view offers a newsletter at all. */
  async isEnabled(store: StoreView): Promise<boolean> {
    return this.config.getFlag('newsletter/general/active', store);
  }

  /** SubscriptionManager::subscribeCustomer for the signed-in customer's own address (customerId null: a guest). */
  async subscribe(ctx: RequestContext, customerId: number | null, email: string): Promise<SubscriptionStatus> {
    if (customerId === null) throw new InputError('newsletter.guest_not_allowed');
    const row = await this.repository.findRowById(customerId, ctx.tx);
    if (!row || row.email_normalized !== normalizeEmail(email)) throw new InputError('newsletter.email_of_other_customer');
    if (row.is_subscribed === 1) throw new InputError('newsletter.already_subscribed');
    await this.repository.updateCustomer(ctx.tx, customerId, { is_subscribed: 1, updated_at: formatDateTime(ctx.clock.now()) });
    return (await this.isEnabled(ctx.store)) ? 'SUBSCRIBED' : 'NOT_ACTIVE';
  }
}
