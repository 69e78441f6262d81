/**
 * What the three k6 scripts share: options (a constant-arrival-rate scenario and the thresholds
 * from ../scenarios.ts), setup (a journey to enroll into) and one iteration. Run with k6 1.0 or
 * later, which loads TypeScript itself:
 *   KALCIFER_URL=http://127.0.0.1:8080 KALCIFER_API_KEY=kal_... k6 run load-tests/k6/events.ts
 */
import { check, fail } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import {
  LOAD_JOURNEY,
  PUBLISH_BODY,
  ROUTES,
  SCENARIOS,
  enrollment,
  eventBatch,
  isEnrollment,
  type ScenarioName,
} from '../scenarios.ts';

export interface SetupData {
  run: string;
  journeyId: string | null;
}

const BASE_URL = __ENV.KALCIFER_URL ?? 'http://127.0.0.1:8080';
const API_KEY = __ENV.KALCIFER_API_KEY ?? '';
/** Optional overrides for a short or a harder run: K6_RATE (requests/s), K6_DURATION (seconds). */
const RATE = __ENV.K6_RATE ? Number(__ENV.K6_RATE) : undefined;
const DURATION = __ENV.K6_DURATION ? Number(__ENV.K6_DURATION) : undefined;

const params = {
  headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
};

export function optionsFor(name: ScenarioName): Options {
  const s = SCENARIOS[name];
  const rate = RATE ?? s.rate;
  return {
    scenarios: {
      [name]: {
        executor: 'constant-arrival-rate',
        rate,
        timeUnit: '1s',
        duration: `${DURATION ?? s.durationSeconds}s`,
        preAllocatedVUs: Math.max(10, rate),
        maxVUs: Math.max(50, rate * 5),
      },
    },
    thresholds: {
      http_req_duration: [`p(99)<${s.thresholds.p99Ms}`],
      http_req_failed: [`rate<${s.thresholds.maxErrorRate}`],
    },
  };
}

const bodyText = (body: unknown) => (typeof body === 'string' ? body : '');

function post(route: string, body: unknown) {
  return http.post(`${BASE_URL}${route}`, JSON.stringify(body), params);
}

/** A journey to enroll into, launched through the API (only when the scenario enrolls). */
export function setupFor(name: ScenarioName): SetupData {
  if (!API_KEY) fail('set KALCIFER_API_KEY to an editor or admin API key of the workspace to load');
  const run = `${Date.now().toString(36)}`;
  if (SCENARIOS[name].enrollShare === 0) return { run, journeyId: null };
  const created = post(ROUTES.journeys, LOAD_JOURNEY);
  if (created.status !== 201)
    fail(`creating the journey answered ${created.status}: ${bodyText(created.body)}`);
  const journeyId = (created.json() as { id: string }).id;
  const published = post(ROUTES.publish(journeyId), PUBLISH_BODY);
  if (published.status >= 300) fail(`publishing answered ${published.status}: ${bodyText(published.body)}`);
  const activated = post(ROUTES.activate(journeyId), {});
  if (activated.status >= 300) fail(`activating answered ${activated.status}: ${bodyText(activated.body)}`);
  return { run, journeyId };
}

/** One request of the scenario: an event batch or an enrollment, answered 202. */
export function iterate(name: ScenarioName, data: SetupData): void {
  const n = exec.scenario.iterationInTest;
  const res =
    isEnrollment(SCENARIOS[name], n) && data.journeyId !== null
      ? post(ROUTES.enroll(data.journeyId), enrollment(data.run, n))
      : post(ROUTES.events, eventBatch(data.run, n));
  check(res, { 'accepted (202)': (r) => r.status === 202 });
}
