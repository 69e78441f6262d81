export interface CustomerRecord {
  workspaceId: string;
  customerId: string;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface CustomerStore {
  get(workspaceId: string, customerId: string): Promise<CustomerRecord | null>;
  /** Merges attributes (a null value removes the attribute). */
  upsert(
    workspaceId: string,
    customerId: string,
    attributes: Record<string, unknown>,
  ): Promise<CustomerRecord>;
}

export const CUSTOMER_STORE = Symbol('CustomerStore');
