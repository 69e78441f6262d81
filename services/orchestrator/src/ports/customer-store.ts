export interface CustomerRecord {
  workspaceId: string;
  customerId: string;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface CustomerStore {
  get(workspaceId: string, customerId: string): Promise<CustomerRecord | null>;
  /** One page of the workspace's customers, in id order (population entries scan them). */
  listPage(
    workspaceId: string,
    afterCustomerId: string | undefined,
    limit: number,
  ): Promise<CustomerRecord[]>;
  /** Merges attributes (a null value removes the attribute). */
  upsert(
    workspaceId: string,
    customerId: string,
    attributes: Record<string, unknown>,
  ): Promise<CustomerRecord>;
}

/** A change made by a journey node; applied at most once per `updateId`. */
export interface ProfileChange {
  updateId: string;
  set?: Record<string, unknown>;
  unset?: string[];
  increment?: Record<string, number>;
  addTags?: string[];
  removeTags?: string[];
}

export interface ProfileChangeStore {
  /** Applies the change unless this update id was applied already; true when it changed the profile. */
  applyChange(workspaceId: string, customerId: string, change: ProfileChange): Promise<boolean>;
}

export const CUSTOMER_STORE = Symbol('CustomerStore');
