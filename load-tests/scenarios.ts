/**
 * The load scenarios, shared by the k6 scripts (k6/*.ts, for anyone with k6) and the Node runner
 * (runner/run.ts, which runs here): both offer the same traffic at the same constant arrival
 * rates and judge it by the same thresholds. Plain TypeScript with no imports, so that k6 and Node
 * can both load it.
 */

export type ScenarioName = 'events' | 'starts' | 'mixed';

export interface Thresholds {
  /** 99th percentile of request latency, milliseconds. */
  p99Ms: number;
  /** Share of requests that may fail (non-2xx or no answer), 0..1. */
  maxErrorRate: number;
}

export interface Scenario {
  name: ScenarioName;
  description: string;
  /** Requests offered per second, whatever the answers' latency (an open model). */
  rate: number;
  durationSeconds: number;
  /** Share of requests that are enrollments (the rest are event batches). */
  enrollShare: number;
  thresholds: Thresholds;
}

/** Events per `POST /v1/events/batch` request. */
export const EVENT_BATCH = 100;
/** Customers the generated traffic is spread over. */
export const CUSTOMERS = 10_000;

/**
 * The requirements' figures (> 10,000 events/s, journey start < 200 ms) as offered load: 100
 * batches of 100 events a second is 10,000 events/s.
 */
export const SCENARIOS: Record<ScenarioName, Scenario> = {
  events: {
    name: 'events',
    description: `event ingestion: POST /v1/events/batch, ${EVENT_BATCH} events a request, at a constant rate`,
    // 12,000 events/s: above the BRD's 10,000, so that meeting it is seen, not offered exactly.
    rate: 120,
    durationSeconds: 60,
    enrollShare: 0,
    thresholds: { p99Ms: 500, maxErrorRate: 0.001 },
  },
  starts: {
    name: 'starts',
    description: 'journey starts: POST /v1/journeys/{id}/enrollments, one customer a request',
    rate: 200,
    durationSeconds: 60,
    enrollShare: 1,
    thresholds: { p99Ms: 200, maxErrorRate: 0.001 },
  },
  mixed: {
    name: 'mixed',
    description: 'mixed traffic: 80% event batches, 20% journey starts',
    rate: 100,
    durationSeconds: 60,
    enrollShare: 0.2,
    thresholds: { p99Ms: 500, maxErrorRate: 0.001 },
  },
};

/** The journey customers are enrolled into: entry, then a day's wait (nothing is sent). */
export const LOAD_JOURNEY = {
  name: 'load test',
  graph: {
    nodes: [
      { id: 'entry', type: 'manual_entry', config: {} },
      { id: 'hold', type: 'wait', config: { duration: 'P1D' } },
    ],
    edges: [{ from: 'entry', to: 'hold', output: 'next' }],
  },
};

export const ROUTES = {
  events: '/v1/events/batch',
  journeys: '/v1/journeys',
  publish: (journeyId: string) => `/v1/journeys/${journeyId}/versions`,
  activate: (journeyId: string) => `/v1/journeys/${journeyId}/activate`,
  enroll: (journeyId: string) => `/v1/journeys/${journeyId}/enrollments`,
};

export const PUBLISH_BODY = { strategy: 'new_entries_only', note: 'load test' };

/** The body of the `n`-th event batch of a run (`run` keeps runs' customers apart). */
export function eventBatch(run: string, n: number): { events: Array<Record<string, unknown>> } {
  const events = [];
  for (let k = 0; k < EVENT_BATCH; k++) {
    const i = n * EVENT_BATCH + k;
    events.push({
      customerId: `load-${run}-${i % CUSTOMERS}`,
      name: 'page_viewed',
      properties: { path: `/p/${i % 50}`, n: i },
    });
  }
  return { events };
}

/** The body of the `n`-th enrollment of a run: every one a new customer. */
export function enrollment(run: string, n: number): { customerId: string } {
  return { customerId: `start-${run}-${n}` };
}

/** Whether the `n`-th request of a scenario is an enrollment (spread evenly, not at random). */
export function isEnrollment(scenario: Scenario, n: number): boolean {
  if (scenario.enrollShare <= 0) return false;
  if (scenario.enrollShare >= 1) return true;
  return Math.floor((n + 1) * scenario.enrollShare) > Math.floor(n * scenario.enrollShare);
}
