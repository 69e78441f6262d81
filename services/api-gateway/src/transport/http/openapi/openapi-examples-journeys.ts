import type { OperationExamples } from './openapi-example-types';

/**
 * Examples of the journey, version, enrollment, event, customer and instance operations. One
 * story runs through them (the welcome journey of docs/quickstart: sign-up email, wait for the
 * first purchase), so a reader can copy them in order: create, publish, activate, enroll, event.
 * openapi-examples.test.ts holds every request to the route's own validator and every answer to
 * the operation's response schema.
 */

export const JOURNEY_ID = 'jr_8fK2mQ9xLp3a';
export const INSTANCE_ID = 'in_3f9c2a7be41d08c65a1e7f24';
const AT = '2026-12-01T09:30:00.000Z';
const LATER = '2026-12-01T09:42:10.000Z';

/** A publishable graph: enter by API, send a welcome email, wait up to 3 days for a purchase. */
export const WELCOME_GRAPH = {
  nodes: [
    { id: 'start', type: 'manual_entry', config: {}, name: 'Signed up' },
    {
      id: 'welcome',
      type: 'send_email',
      config: {
        subject: 'Welcome to Acme, {{ customer.attributes.firstName }}',
        body: 'Thanks for signing up. Your first order ships free this week.',
      },
    },
    { id: 'wait_purchase', type: 'wait_for_event', config: { event: 'order_placed', timeout: 'P3D' } },
    { id: 'bought', type: 'goal_reached', config: {}, name: 'First purchase' },
    { id: 'done', type: 'end', config: {} },
  ],
  edges: [
    { from: 'start', to: 'welcome', output: 'next' },
    { from: 'welcome', to: 'wait_purchase', output: 'next' },
    { from: 'wait_purchase', to: 'bought', output: 'event' },
    { from: 'wait_purchase', to: 'done', output: 'timeout' },
    { from: 'bought', to: 'done', output: 'next' },
  ],
};

const journey = (status: string, version: number | null) => ({
  id: JOURNEY_ID,
  name: 'Welcome series',
  description: 'Welcome email on sign-up; goal: a first order within 3 days',
  status,
  draft: WELCOME_GRAPH,
  latestVersion: version,
  activeVersion: status === 'draft' ? null : version,
  createdAt: AT,
  updatedAt: status === 'draft' ? AT : LATER,
  webhookPath: null,
});

const journeyVersion = {
  journeyId: JOURNEY_ID,
  version: 1,
  graph: WELCOME_GRAPH,
  strategy: 'new_entries_only',
  note: 'First version',
  author: 'api_key:ci',
  createdAt: LATER,
};

/** As the interpreter words it (packages/journey, channel-nodes.ts). */
const SEND_REQUESTED = `requested email "Welcome to Acme, {{ customer.attributes.firstName }}" to customer cus_1042's email address`;
const traceEntry = (type: string, nodeId: string | null, message: string) => ({
  at: LATER,
  instanceId: INSTANCE_ID,
  journeyId: JOURNEY_ID,
  version: 1,
  type,
  nodeId,
  message,
});

const instance = {
  id: INSTANCE_ID,
  journeyId: JOURNEY_ID,
  version: 1,
  customerId: 'cus_1042',
  status: 'waiting',
  statusReason: null,
  state: { context: { plan: 'pro' } },
  createdAt: LATER,
  updatedAt: LATER,
  endedAt: null,
  trace: [
    traceEntry('instance_started', 'start', 'Entered by API enrollment'),
    traceEntry('send_requested', 'welcome', SEND_REQUESTED),
    traceEntry('waiting', 'wait_purchase', 'Waiting for order_placed until 2026-12-04T09:42:10.000Z'),
  ],
};

const command = (action: string) => ({
  request: { reason: 'Customer asked support to stop the series' },
  response: { commandId: '5b0e6f1c-3d2a-4e8b-9a77-0c2d1f6e4b90', instanceId: INSTANCE_ID, action },
});

const CURSOR_REFUSED =
  'cursor is invalid: it is not a nextCursor this API issued for this list (malformed, changed, or from another list or workspace); pass nextCursor back unchanged, or leave cursor out to start from the first page';
/** The 400 of a paged list given a cursor it did not issue. */
const INVALID_CURSOR = {
  '400': {
    error: {
      code: 'invalid_cursor',
      message: CURSOR_REFUSED,
      details: { issues: [{ path: 'cursor', message: CURSOR_REFUSED }] },
    },
  },
};

export const journeyExamples: Record<string, OperationExamples> = {
  createJourney: {
    request: {
      name: 'Welcome series',
      description: 'Welcome email on sign-up; goal: a first order within 3 days',
      graph: WELCOME_GRAPH,
    },
    response: journey('draft', null),
  },
  listJourneys: {
    response: { journeys: [journey('active', 1)], nextCursor: null },
    errors: INVALID_CURSOR,
  },
  getJourney: { response: journey('active', 1) },
  getJourneyOccupancy: {
    response: {
      journeyId: JOURNEY_ID,
      perVersion: { '1': 130 },
      nodes: [
        { version: 1, nodeId: 'wait_purchase', customers: 128 },
        { version: 1, nodeId: 'welcome', customers: 2 },
      ],
    },
  },
  saveDraft: {
    request: { graph: WELCOME_GRAPH, name: 'Welcome series' },
    response: journey('draft', null),
  },
  validateJourney: { request: { graph: WELCOME_GRAPH }, response: { valid: true, errors: [] } },
  publishVersion: {
    request: { strategy: 'new_entries_only', note: 'First version' },
    response: { version: journeyVersion, dryRun: false, plan: null, migration: null },
  },
  listVersions: { response: { versions: [journeyVersion] } },
  getVersion: { response: journeyVersion },
  activateJourney: { response: journey('active', 1) },
  pauseJourney: { response: journey('paused', 1) },
  resumeJourney: { response: journey('active', 1) },
  archiveJourney: { response: journey('archived', 1) },
  enrollCustomers: {
    request: {
      customerId: 'cus_1042',
      context: { plan: 'pro' },
      attributes: { email: 'ada@example.com', firstName: 'Ada' },
      enrollmentId: 'signup-cus_1042',
    },
    response: { accepted: [{ enrollmentId: 'signup-cus_1042', customerId: 'cus_1042' }] },
  },
  ingestEvent: {
    request: {
      customerId: 'cus_1042',
      name: 'order_placed',
      properties: { orderId: 'ord_7781', amount: 59.9, currency: 'EUR' },
      id: 'evt_ord_7781',
    },
    response: { id: 'evt_ord_7781' },
  },
  ingestEvents: {
    request: {
      events: [
        { customerId: 'cus_1042', name: 'page_viewed', properties: { path: '/pricing' } },
        { customerId: 'cus_2077', name: 'order_placed', properties: { orderId: 'ord_7790', amount: 12 } },
      ],
    },
    response: {
      accepted: 2,
      ids: ['0d6c1d8e-5f0b-4c1e-9b5a-2a4c7e9f1b33', '7e2a9c41-8b3d-4f6e-a0c5-1d9b3e7f2a64'],
    },
  },
  upsertCustomer: {
    request: {
      attributes: { email: 'ada@example.com', firstName: 'Ada', plan: 'pro', timezone: 'Europe/Paris' },
    },
    response: {
      id: 'cus_1042',
      attributes: { email: 'ada@example.com', firstName: 'Ada', plan: 'pro', timezone: 'Europe/Paris' },
      createdAt: AT,
      updatedAt: LATER,
    },
  },
  getCustomer: {
    response: {
      id: 'cus_1042',
      attributes: { email: 'ada@example.com', firstName: 'Ada', plan: 'pro' },
      createdAt: AT,
      updatedAt: LATER,
    },
  },
  getCustomerTrace: {
    response: {
      customerId: 'cus_1042',
      entries: [
        {
          ...traceEntry('send_requested', 'welcome', SEND_REQUESTED),
          why: 'asked the email channel to send "Welcome to Acme, {{ customer.attributes.firstName }}" (send key 9c1f2a7b3d4e5f60); the delivery status follows',
        },
      ],
      next: [
        {
          instanceId: INSTANCE_ID,
          journeyId: JOURNEY_ID,
          version: 1,
          nodeId: 'wait_purchase',
          tokenId: 't1',
          kind: 'event',
          dueAt: '2026-12-04T09:42:10.000Z',
          event: 'order_placed',
          why: 'Waits for order_placed until 2026-12-04T09:42:10.000Z, then takes the timeout branch',
        },
      ],
    },
  },
  listInstances: { response: { instances: [instance], nextCursor: null }, errors: INVALID_CURSOR },
  getInstance: { response: instance },
  pauseInstance: command('pause'),
  resumeInstance: command('resume'),
  exitInstance: command('exit'),
  getFrequencyCaps: {
    response: { rules: [{ channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' }] },
  },
  setFrequencyCaps: {
    request: {
      rules: [
        { channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' },
        { channel: 'sms', limit: 1, window: 'P7D', onCapped: 'delay' },
      ],
    },
    response: {
      rules: [
        { channel: 'email', limit: 2, window: 'P1D', onCapped: 'skip' },
        { channel: 'sms', limit: 1, window: 'P7D', onCapped: 'delay' },
      ],
    },
  },
  enterByWebhook: {
    request: { customerId: 'cus_1042', source: 'typeform', answers: { plan: 'pro' } },
    response: { enrollmentId: 'hook:form-5521', customerId: 'cus_1042', journeyId: JOURNEY_ID },
  },
};
