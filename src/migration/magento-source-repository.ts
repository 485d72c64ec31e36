// Reads a live Magento 2.4 database (MySQL or MariaDB), read-only. Every table name goes through
// the table prefix (Magento's --db-prefix). Timestamps come back as 'YYYY-MM-DD HH:MM:SS' UTC
// strings: the session time zone is UTC, so TIMESTAMP columns read as stored.
import { Kysely, MysqlDialect, sql } from 'kysely';
import { maskUrl } from '../db/database.ts';

export type Row = Record<string, any>;

/** A user-defined EAV attribute of customers or addresses: where its values live. */
export interface EavAttribute {
  id: number;
  code: string;
  backendType: 'varchar' | 'int' | 'text' | 'datetime' | 'decimal';
  frontendInput: string | null;
}

const VALUE_TYPES = ['varchar', 'int', 'text', 'datetime', 'decimal'] as const;

export class MagentoSource {
  private constructor(
    private readonly db: Kysely<any>,
    private readonly prefix: string,
    /** host:port/database[/prefix]: names the source in Keyfront's import state, without credentials. */
    readonly identity: string,
    readonly safeUrl: string,
  ) {}

  static async open(url: string, prefix = ''): Promise<MagentoSource> {
    if (!/^(mysql|mariadb):\/\//.test(url)) throw new Error('--from must be a mysql:// URL of the Magento database');
    if (!/^[A-Za-z0-9_]*$/.test(prefix)) throw new Error('--table-prefix may only hold letters, digits and underscores');
    const mysql = await import('mysql2');
    const pool = mysql.createPool({ uri: url.replace(/^mariadb:/, 'mysql:'), connectionLimit: 4, charset: 'utf8mb4', timezone: 'Z', dateStrings: true, supportBigNumbers: true });
    // TIMESTAMP columns are converted to the session's zone: read them in UTC, as Keyfront stores time.
    pool.on('connection', (connection) => connection.query("SET time_zone = '+00:00'"));
    const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
    const identity = `${parsed.hostname}:${parsed.port || 3306}${parsed.pathname}${prefix ? `/${prefix}` : ''}`;
    const db = new Kysely<any>({ dialect: new MysqlDialect({ pool }) });
    const source = new MagentoSource(db, prefix, identity, maskUrl(url));
    try {
      await source.check();
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return source;
  }

  private t(name: string): string {
    return `${this.prefix}${name}`;
  }

  private async check(): Promise<void> {
    try {
      await sql`SELECT 1 FROM ${sql.table(this.t('customer_entity'))} LIMIT 1`.execute(this.db);
    } catch (error) {
      const message = (error as Error).message;
      throw new Error(/doesn't exist/.test(message) ? `No Magento customer table "${this.t('customer_entity')}" in ${this.safeUrl} (wrong database or --table-prefix?)` : message);
    }
  }

  /** Magento's clock, in UTC. */
  async now(): Promise<string> {
    const { rows } = await sql<{ now: string }>`SELECT DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:%i:%s') AS now`.execute(this.db);
    return rows[0].now;
  }

  websites(): Promise<Row[]> {
    return this.db.selectFrom(this.t('store_website')).selectAll().orderBy('website_id').execute();
  }

  storeGroups(): Promise<Row[]> {
    return this.db.selectFrom(this.t('store_group')).selectAll().orderBy('group_id').execute();
  }

  stores(): Promise<Row[]> {
    return this.db.selectFrom(this.t('store')).selectAll().orderBy('store_id').execute();
  }

  customerGroups(): Promise<Row[]> {
    return this.db.selectFrom(this.t('customer_group')).selectAll().orderBy('customer_group_id').execute();
  }

  taxClasses(): Promise<Row[]> {
    return this.db.selectFrom(this.t('tax_class')).selectAll().orderBy('class_id').execute();
  }

  config(paths: readonly string[]): Promise<Row[]> {
    if (paths.length === 0) return Promise.resolve([]);
    return this.db.selectFrom(this.t('core_config_data')).select(['scope', 'scope_id', 'path', 'value']).where('path', 'in', paths).orderBy('config_id').execute();
  }

  adminUsers(): Promise<Row[]> {
    return this.db.selectFrom(this.t('admin_user')).selectAll().orderBy('user_id').execute();
  }

  /** Each admin user's role (a 'U' row under a 'G' group role) with the group's name. */
  adminRoleOfUsers(): Promise<Row[]> {
    return this.db
      .selectFrom(`${this.t('authorization_role')} as u`)
      .innerJoin(`${this.t('authorization_role')} as g`, 'g.role_id', 'u.parent_id')
      .select(['u.user_id as user_id', 'g.role_id as role_id', 'g.role_name as role_name'])
      .where('u.role_type', '=', 'U')
      .where('u.user_type', '=', '2')
      .execute();
  }

  allowedResources(roleIds: number[]): Promise<Row[]> {
    if (roleIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom(this.t('authorization_rule')).select(['role_id', 'resource_id']).where('role_id', 'in', roleIds).where('permission', '=', 'allow').execute();
  }

  /** User-defined attributes of 'customer' or 'customer_address' stored in value tables. */
  async userDefinedAttributes(entityTypeCode: 'customer' | 'customer_address'): Promise<EavAttribute[]> {
    const rows = await this.db
      .selectFrom(`${this.t('eav_attribute')} as a`)
      .innerJoin(`${this.t('eav_entity_type')} as t`, 't.entity_type_id', 'a.entity_type_id')
      .select(['a.attribute_id', 'a.attribute_code', 'a.backend_type', 'a.frontend_input'])
      .where('t.entity_type_code', '=', entityTypeCode)
      .where('a.is_user_defined', '=', 1)
      .where('a.backend_type', 'in', [...VALUE_TYPES])
      .orderBy('a.attribute_id')
      .execute();
    return rows.map((r) => ({ id: Number(r.attribute_id), code: r.attribute_code, backendType: r.backend_type, frontendInput: r.frontend_input }));
  }

  /**
   * The next customers after `afterId`, in id order. With `since`, only those touched since then:
   * the customer row, one of its addresses, or its newsletter subscription.
   */
  customers(afterId: number, limit: number, since: string | null): Promise<Row[]> {
    return this.customerQuery(since).selectAll('c').where('c.entity_id', '>', afterId).orderBy('c.entity_id').limit(limit).execute();
  }

  async countCustomers(since: string | null): Promise<number> {
    const row = await this.customerQuery(since).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  private customerQuery(since: string | null) {
    let q = this.db.selectFrom(`${this.t('customer_entity')} as c`);
    if (since !== null) {
      q = q.where((eb) =>
        eb.or([
          eb('c.updated_at', '>=', since),
          eb.exists(eb.selectFrom(`${this.t('customer_address_entity')} as a`).select('a.entity_id').whereRef('a.parent_id', '=', 'c.entity_id').where('a.updated_at', '>=', since)),
          eb.exists(eb.selectFrom(`${this.t('newsletter_subscriber')} as n`).select('n.subscriber_id').whereRef('n.customer_id', '=', 'c.entity_id').where('n.change_status_at', '>=', since)),
        ]),
      );
    }
    return q;
  }

  addresses(customerIds: number[]): Promise<Row[]> {
    if (customerIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom(this.t('customer_address_entity')).selectAll().where('parent_id', 'in', customerIds).orderBy('entity_id').execute();
  }

  /** Subscriptions (status 1 = subscribed) of these customers, with the store they were made in. */
  subscriptions(customerIds: number[]): Promise<Row[]> {
    if (customerIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom(this.t('newsletter_subscriber')).select(['customer_id', 'store_id', 'subscriber_status']).where('customer_id', 'in', customerIds).execute();
  }

  /** EAV values of these entities for these attributes: one query per value table that holds any. */
  async eavValues(entity: 'customer_entity' | 'customer_address_entity', entityIds: number[], attributes: EavAttribute[]): Promise<Row[]> {
    if (entityIds.length === 0 || attributes.length === 0) return [];
    const out: Row[] = [];
    for (const type of VALUE_TYPES) {
      const ids = attributes.filter((a) => a.backendType === type).map((a) => a.id);
      if (ids.length === 0) continue;
      const rows = await this.db.selectFrom(this.t(`${entity}_${type}`)).select(['entity_id', 'attribute_id', 'value']).where('entity_id', 'in', entityIds).where('attribute_id', 'in', ids).execute();
      out.push(...rows);
    }
    return out;
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
