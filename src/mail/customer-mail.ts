// Customer mail: renders a template for a customer's store view and puts it in the outbox within
// the caller's transaction, so the mail exists exactly when the change that caused it commits.
import { epochSeconds, formatDateTime, type Clock } from '../lib/clock.ts';
import type { ConfigService } from '../settings/service.ts';
import { frontendName } from '../settings/store-name.ts';
import type { StoreView } from '../stores/model.ts';
import type { StoreService } from '../stores/service.ts';
import type { Db, MailOutbox } from './outbox-repository.ts';
import { renderMail, type MailTemplate } from './templates.ts';

export interface MailRecipient {
  id: number;
  email: string;
  firstname: string;
  middlename?: string | null;
  lastname: string;
  /** The customer's store view: its name, URL and settings shape the mail. */
  storeId: number;
}

export interface MailExtras {
  resetToken?: string;
  confirmationKey?: string;
  backUrl?: string;
}

const PASSWORD_TEMPLATES: ReadonlySet<MailTemplate> = new Set(['email_reset', 'email_reminder']);

interface Sender {
  name: string;
  email: string;
}

/**
 * Everything a store view contributes to its mail, read before the transaction that enqueues it
 * (on SQLite a read through another connection inside a transaction would wait for itself).
 */
export interface MailScope {
  storeId: number;
  storeName: string;
  baseUrl: string;
  accountSender: Sender;
  passwordSender: Sender;
}

export class CustomerMailer {
  constructor(
    private readonly outbox: MailOutbox,
    private readonly stores: StoreService,
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {}

  /** The store view's name, storefront URL and senders. */
  async scopeFor(storeId: number): Promise<MailScope> {
    const store = await this.storeFor(storeId);
    return {
      storeId: store.id,
      storeName: await frontendName(this.config, this.stores, store),
      baseUrl: await this.storefrontUrl(store),
      accountSender: await this.sender('customer/create_account/email_identity', store),
      passwordSender: await this.sender('customer/password/forgot_email_identity', store),
    };
  }

  /** Renders the mail and writes it to the outbox, in the caller's transaction. No other reads. */
  async enqueue(tx: Db | undefined, scope: MailScope, template: MailTemplate, customer: MailRecipient, extras: MailExtras = {}): Promise<void> {
    const name = [customer.firstname, customer.middlename, customer.lastname].filter((p) => p && p.trim() !== '').join(' ');
    const rendered = renderMail(template, { storeName: scope.storeName, baseUrl: scope.baseUrl, customer: { id: customer.id, email: customer.email, name }, ...extras });
    const sender = PASSWORD_TEMPLATES.has(template) ? scope.passwordSender : scope.accountSender;
    const now = this.clock.now();
    await this.outbox.enqueue(tx, {
      template,
      store_id: scope.storeId,
      customer_id: customer.id,
      sender_email: sender.email,
      sender_name: sender.name,
      recipient_email: customer.email,
      recipient_name: name,
      subject: rendered.subject,
      body_text: rendered.text,
      body_html: rendered.html,
      created_at: formatDateTime(now),
      next_attempt_at: epochSeconds(now),
    });
  }

  private async sender(identityPath: string, store: StoreView): Promise<Sender> {
    const identity = (await this.config.get(identityPath, store)) || 'general';
    return {
      name: (await this.config.get(`trans_email/ident_${identity}/name`, store)) ?? 'Owner',
      email: (await this.config.get(`trans_email/ident_${identity}/email`, store)) ?? 'owner@example.com',
    };
  }

  private async storeFor(storeId: number): Promise<StoreView> {
    const view = storeId > 0 ? await this.stores.viewById(storeId) : null;
    return view ?? (await this.stores.defaultView());
  }

  private async storefrontUrl(store: StoreView): Promise<string> {
    let base = (await this.config.get('web/unsecure/base_url', store)) ?? 'http://localhost:8080/';
    if (!base.endsWith('/')) base += '/';
    return (await this.config.getFlag('web/url/use_store', store)) ? `${base}${store.code}/` : base;
  }
}
