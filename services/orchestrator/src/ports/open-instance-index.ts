/**
 * Which instances of a customer may be open: a fast pre-filter in front of the instance store,
 * so that an event of a customer who is in no journey (most events) costs no database query.
 *
 * Contract: never a false negative while `candidates` answers with a list. An id is added
 * before its instance is inserted and removed only after its terminal state is committed, so a
 * list may hold stale ids (harmless: the instance is loaded and found ended) but never lacks an
 * open one. When the index cannot vouch for itself (Redis lost its data and the rebuild from the
 * store has not finished), `candidates` answers `null` and the caller asks the store.
 */
export interface OpenInstanceIndex {
  add(workspaceId: string, customerId: string, instanceId: string): Promise<void>;
  remove(workspaceId: string, customerId: string, instanceId: string): Promise<void>;
  /** Possibly-open instance ids of the customer, or null when the index is not trustworthy now. */
  candidates(workspaceId: string, customerId: string): Promise<string[] | null>;
}

/** One open instance, as the rebuild reads them from the store. */
export interface OpenInstanceRef {
  id: string;
  workspaceId: string;
  customerId: string;
}
