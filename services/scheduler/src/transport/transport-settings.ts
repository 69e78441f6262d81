/** The tuning the transport drivers read (from the service config). */
export interface TransportSettings {
  consumerConcurrency: number;
  pollMs: number;
  batchSize: number;
  /** The index loader runs this often (horizon / 4). */
  reloadEveryMs: number;
  healthPort: number;
  healthHost: string;
}

export const TRANSPORT_SETTINGS = Symbol('TransportSettings');
