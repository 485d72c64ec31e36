export interface Website {
  id: number;
  code: string;
  name: string;
  defaultGroupId: number;
  sortOrder: number;
  isDefault: boolean;
}

export interface StoreGroup {
  id: number;
  websiteId: number;
  rootCategoryId: number;
  defaultStoreId: number;
  name: string;
  code: string;
}

export interface StoreView {
  id: number;
  code: string;
  name: string;
  websiteId: number;
  storeGroupId: number;
  isActive: boolean;
  sortOrder: number;
}

export const ADMIN_STORE_ID = 0;
export const ADMIN_WEBSITE_ID = 0;
