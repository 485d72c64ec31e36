// The customer domain in plain TypeScript names. Wire names (snake_case, string address ids,
// 'YYYY-MM-DD HH:MM:SS') are the REST door's business.

export interface Region {
  regionCode: string | null;
  region: string | null;
  regionId: number | null;
}

export interface Address {
  id: number;
  customerId: number;
  region: Region;
  regionId: number | null;
  countryId: string;
  street: string[];
  company: string | null;
  telephone: string | null;
  fax: string | null;
  postcode: string | null;
  city: string;
  firstname: string;
  lastname: string;
  middlename: string | null;
  prefix: string | null;
  suffix: string | null;
  vatId: string | null;
  defaultShipping: boolean;
  defaultBilling: boolean;
  customAttributes: Record<string, unknown>;
}

export interface Customer {
  id: number;
  groupId: number;
  defaultBilling: number | null;
  defaultShipping: number | null;
  confirmation: string | null;
  createdAt: string;
  updatedAt: string;
  createdIn: string | null;
  dob: string | null;
  email: string;
  firstname: string;
  lastname: string;
  middlename: string | null;
  prefix: string | null;
  suffix: string | null;
  gender: number | null;
  storeId: number;
  taxvat: string | null;
  websiteId: number;
  addresses: Address[];
  disableAutoGroupChange: number;
  isSubscribed: boolean;
  isActive: boolean;
  customAttributes: Record<string, unknown>;
  /** Until when a lockout holds (Magento's lock_expires), if one was set. */
  lockExpires: string | null;
}

/** What a caller may send for an address (every field optional until validated). */
export interface AddressInput {
  id?: number | null;
  customerId?: number | null;
  region?: { regionCode?: string | null; region?: string | null; regionId?: number | null } | null;
  regionId?: number | null;
  countryId?: string | null;
  street?: string[] | null;
  company?: string | null;
  telephone?: string | null;
  fax?: string | null;
  postcode?: string | null;
  city?: string | null;
  firstname?: string | null;
  lastname?: string | null;
  middlename?: string | null;
  prefix?: string | null;
  suffix?: string | null;
  vatId?: string | null;
  defaultShipping?: boolean | null;
  defaultBilling?: boolean | null;
  customAttributes?: Record<string, unknown> | null;
}

/** What a caller may send for a customer. Which fields each caller may set is decided per door schema. */
export interface CustomerInput {
  id?: number | null;
  groupId?: number | null;
  defaultBilling?: string | null;
  defaultShipping?: string | null;
  confirmation?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  createdIn?: string | null;
  dob?: string | null;
  email?: string | null;
  firstname?: string | null;
  lastname?: string | null;
  middlename?: string | null;
  prefix?: string | null;
  suffix?: string | null;
  gender?: number | null;
  storeId?: number | null;
  taxvat?: string | null;
  websiteId?: number | null;
  addresses?: AddressInput[] | null;
  disableAutoGroupChange?: number | null;
  isSubscribed?: boolean | null;
  customAttributes?: Record<string, unknown> | null;
}
