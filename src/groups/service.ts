// Customer groups: Magento's GroupRepository, GroupManagement and CustomerGroupConfig, over one
// repository. No HTTP here; the REST door (routes/groups.ts) only translates.
import { isUniqueViolation } from '../db/errors.ts';
import { InputError, NoSuchEntityError, StateError } from '../errors/domain-errors.ts';
import { formatDateTime, type Clock } from '../lib/clock.ts';
import type { SearchCriteria } from '../lib/search-criteria.ts';
import type { ConfigService } from '../settings/service.ts';
import type { StoreView } from '../stores/model.ts';
import type { StoreService } from '../stores/service.ts';
import type { Executor, Transactor } from '../db/database.ts';
import type { Group, GroupRepository } from './repository.ts';

export const DEFAULT_GROUP_PATH = 'customer/create_account/default_group';
export const NOT_LOGGED_IN_ID = 0;
/** GroupRepository::DEFAULT_TAX_CLASS_ID ("Retail Customer"). */
const DEFAULT_TAX_CLASS_ID = 3;
/** Group::GROUP_CODE_MAX_LENGTH: longer codes are cut, not refused. */
const CODE_MAX_LENGTH = 32;
/** NOT LOGGED IN, General, Wholesale, Retailer: Keyfront keeps Magento's install groups. */
const SYSTEM_GROUP_MAX_ID = 3;

export interface GroupInput {
  id?: number | null;
  code?: string | null;
  taxClassId?: number | null;
}

/**
 * Which customers sit in a group, and moving them: customer rows belong to the customers'
 * repository, which the composition root hands in under this name.
 */
export interface GroupMembership {
  storesOfGroupMembers(tx: Executor | undefined, groupId: number): Promise<number[]>;
  moveGroupMembers(tx: Executor | undefined, fromGroup: number, storeId: number | null, toGroup: number, now: string): Promise<void>;
}

export class GroupService {
  constructor(
    private readonly repository: GroupRepository,
    private readonly members: GroupMembership,
    private readonly transactor: Transactor,
    private readonly config: ConfigService,
    private readonly stores: StoreService,
    private readonly clock: Clock,
  ) {}

  async getById(id: number): Promise<Group> {
    const group = await this.repository.findById(id);
    if (!group) throw NoSuchEntityError.byField('id', id);
    return group;
  }

  /** GroupManagement::getDefaultGroup: the default group configured for a store view (the URL's when none is named). */
  async getDefault(current: StoreView, storeId?: number | null): Promise<Group> {
    let store = current;
    if (storeId !== null && storeId !== undefined) {
      const found = await this.stores.viewById(storeId);
      if (!found) throw NoSuchEntityError.byField('storeId', storeId);
      store = found;
    }
    const groupId = await this.config.getNumber(DEFAULT_GROUP_PATH, store);
    const group = await this.repository.findById(groupId);
    if (!group) throw NoSuchEntityError.byTwoFields('groupId', groupId, 'storeId', storeId ?? store.id);
    return group;
  }

  /** CustomerGroupConfig::setDefaultCustomerGroup: the default group, at default scope; answers the id. */
  async setDefault(id: number): Promise<number> {
    await this.getById(id);
    await this.config.set(DEFAULT_GROUP_PATH, String(id));
    return id;
  }

  /** GroupManagement::isReadonly: NOT LOGGED IN, or a group some store view uses as its default. */
  async isReadonly(id: number): Promise<boolean> {
    await this.getById(id);
    return id === NOT_LOGGED_IN_ID || (await this.usesAsDefault(id));
  }

  async search(criteria: SearchCriteria): Promise<{ items: Group[]; total: number }> {
    return this.repository.search(criteria);
  }

  /**
   * GroupRepository::save. With an id (0 included) it updates that group, whose tax class must
   * then be given; without one it creates a group (tax class 3 when none is given).
   */
  async save(input: GroupInput): Promise<Group> {
    const code = (input.code ?? '').trim();
    if (code === '') throw InputError.required('code');
    const storedCode = [...code].slice(0, CODE_MAX_LENGTH).join('');
    const isUpdate = input.id !== null && input.id !== undefined;
    const taxClassId = isUpdate ? (input.taxClassId ?? null) : input.taxClassId || DEFAULT_TAX_CLASS_ID;
    await this.assertCustomerTaxClass(taxClassId, input.taxClassId ?? null);
    try {
      const id = await this.transactor.transaction(null, async (tx) => {
        const clash = await this.repository.findByCode(storedCode, tx);
        if (clash && clash.id !== input.id) throw new StateError('group.exists');
        if (!isUpdate) return this.repository.insert(tx, storedCode, taxClassId!);
        if (!(await this.repository.findById(input.id!, tx))) throw NoSuchEntityError.byField('id', input.id!);
        await this.repository.update(tx, input.id!, storedCode, taxClassId!);
        return input.id!;
      });
      return this.getById(id);
    } catch (error) {
      if (isUniqueViolation(error)) throw new StateError('group.exists');
      throw error;
    }
  }

  /**
   * GroupRepository::deleteById. NOT LOGGED IN and any store's default group cannot go (Magento);
   * Keyfront also keeps the other install groups (ids 1–3). Customers of a deleted group move to
   * the default group of their store view, as Magento's Group resource model does after a delete.
   */
  async deleteById(id: number): Promise<boolean> {
    await this.getById(id);
    if (id <= SYSTEM_GROUP_MAX_ID || (await this.usesAsDefault(id))) throw new StateError('group.cannot_delete');
    const now = formatDateTime(this.clock.now());
    // Config and scope reads happen before the transaction: on SQLite the transaction holds the
    // only connection, so a read outside it would wait forever.
    const targets = new Map<number, number>();
    for (const storeId of await this.members.storesOfGroupMembers(undefined, id)) {
      const store = await this.stores.viewById(storeId);
      targets.set(storeId, await this.config.getNumber(DEFAULT_GROUP_PATH, store ?? undefined));
    }
    const fallback = await this.config.getNumber(DEFAULT_GROUP_PATH);
    await this.transactor.transaction(null, async (tx) => {
      for (const [storeId, target] of targets) await this.members.moveGroupMembers(tx, id, storeId, target, now);
      // Anyone who joined the group meanwhile goes to the global default group.
      await this.members.moveGroupMembers(tx, id, null, fallback, now);
      await this.repository.delete(tx, id);
    });
    return true;
  }

  private async usesAsDefault(id: number): Promise<boolean> {
    if ((await this.config.getNumber(DEFAULT_GROUP_PATH)) === id) return true;
    for (const view of (await this.stores.scopes()).views) {
      if ((await this.config.getNumber(DEFAULT_GROUP_PATH, view)) === id) return true;
    }
    return false;
  }

  /** GroupRepository::_verifyTaxClassModel: the class must exist and be a customer class. */
  private async assertCustomerTaxClass(taxClassId: number | null, given: number | null): Promise<void> {
    const taxClass = taxClassId === null ? undefined : await this.repository.taxClass(taxClassId);
    if (!taxClass || taxClass.type !== 'CUSTOMER') throw InputError.invalidValue('taxClassId', given);
  }
}
