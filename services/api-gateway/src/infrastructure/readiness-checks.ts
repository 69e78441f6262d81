import { Client, credentials } from '@grpc/grpc-js';
import { ConnectionStates, type Connection } from 'mongoose';
import type { Bus } from '@kalcifer/platform';
import type { ReadinessCheck } from '../ports/readiness.port';

const PROBE_TIMEOUT_MS = 1_000;

function withTimeout<T>(work: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), PROBE_TIMEOUT_MS);
  });
  return Promise.race([work.catch(() => fallback), timeout]).finally(() => clearTimeout(timer));
}

export function natsReadiness(bus: Bus): ReadinessCheck {
  return {
    name: 'nats',
    check: () =>
      bus.nc.isClosed()
        ? Promise.resolve(false)
        : withTimeout(
            bus.nc.rtt().then(() => true),
            false,
          ),
  };
}

export function mongoReadiness(connection: Connection): ReadinessCheck {
  return {
    name: 'mongodb',
    check: () => {
      const db = connection.db;
      if (connection.readyState !== ConnectionStates.connected || !db) return Promise.resolve(false);
      return withTimeout(
        db
          .admin()
          .ping()
          .then(() => true),
        false,
      );
    },
  };
}

/**
 * Whether the orchestrator's gRPC port answers an HTTP/2 handshake. A dedicated channel with a
 * short reconnect backoff, so readiness follows the orchestrator within a second or two.
 */
export function grpcReadiness(name: string, address: string): ReadinessCheck & { close(): void } {
  const client = new Client(address, credentials.createInsecure(), {
    'grpc.initial_reconnect_backoff_ms': 200,
    'grpc.max_reconnect_backoff_ms': 1_000,
  });
  return {
    name,
    // Resolves at once when the channel is already connected.
    check: () =>
      new Promise((resolve) => client.waitForReady(Date.now() + PROBE_TIMEOUT_MS, (err) => resolve(!err))),
    close: () => client.close(),
  };
}
