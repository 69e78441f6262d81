import type { Permission } from '../../application/permissions';

/** What a route needs, and the audit action it records when it changes configuration. */
export interface RoutePolicy {
  permission: Permission;
  /** Set on configuration changes (journeys, versions, keys, providers, quotas...): audited. */
  audit?: string;
}

/**
 * Every route of the gateway, keyed `METHOD /express/path`, with its permission. The permission
 * guard refuses a route missing here (fail closed), and a unit test fails on one: a new route must
 * declare what it needs.
 */
export const ROUTE_POLICIES: Record<string, RoutePolicy> = {
  // System (no credentials)
  'GET /healthz': { permission: 'public' },
  'GET /readyz': { permission: 'public' },
  'GET /metrics': { permission: 'public' },
  'GET /openapi.json': { permission: 'public' },
  'GET /docs': { permission: 'public' },
  // Webhook entries carry a secret in the URL; provider webhooks are verified by signature.
  'POST /v1/hooks/:journeyId/:token': { permission: 'public' },
  'POST /v1/webhooks/:provider/:workspaceId': { permission: 'public' },
  'GET /v1/webhooks/:provider/:workspaceId': { permission: 'public' },

  // Who the credential is (the console's sign-in and workspace switcher)
  'GET /v1/me': { permission: 'read' },

  // Journeys
  'POST /v1/journeys': { permission: 'write', audit: 'journey.created' },
  'GET /v1/journeys': { permission: 'read' },
  'GET /v1/journeys/:id': { permission: 'read' },
  'GET /v1/journeys/:id/occupancy': { permission: 'read' },
  'PUT /v1/journeys/:id/draft': { permission: 'write', audit: 'journey.draft_saved' },
  'POST /v1/journeys/:id/validate': { permission: 'read' },
  'POST /v1/journeys/:id/activate': { permission: 'write', audit: 'journey.activated' },
  'POST /v1/journeys/:id/pause': { permission: 'write', audit: 'journey.paused' },
  'POST /v1/journeys/:id/resume': { permission: 'write', audit: 'journey.resumed' },
  'POST /v1/journeys/:id/archive': { permission: 'write', audit: 'journey.archived' },
  'POST /v1/journeys/:id/versions': { permission: 'write', audit: 'version.published' },
  'GET /v1/journeys/:id/versions': { permission: 'read' },
  'GET /v1/journeys/:id/versions/:n': { permission: 'read' },
  'GET /v1/journeys/:id/diff': { permission: 'read' },
  'POST /v1/journeys/:id/rollback': { permission: 'write', audit: 'version.rolled_back' },
  'GET /v1/journeys/:id/migrations': { permission: 'read' },
  'GET /v1/journeys/:id/migrations/:mid': { permission: 'read' },
  'GET /v1/journeys/:id/migrations/:mid/progress': { permission: 'read' },
  'POST /v1/journeys/:id/migrations/:mid/rollout': { permission: 'write', audit: 'migration.rolled_out' },
  'POST /v1/journeys/:id/migrations/:mid/halt': { permission: 'write', audit: 'migration.halted' },
  'GET /v1/journeys/:id/audit': { permission: 'read' },
  'GET /v1/journeys/:id/analytics': { permission: 'read' },
  'GET /v1/journeys/:id/analytics/nodes': { permission: 'read' },
  'GET /v1/journeys/:id/analytics/ab-results': { permission: 'read' },
  'GET /v1/journeys/:id/analytics/funnel': { permission: 'read' },
  'POST /v1/journeys/:id/explain': { permission: 'read' },
  'POST /v1/journeys/:id/suggestions': { permission: 'read' },

  // Customers, enrollments, events, instances
  'POST /v1/journeys/:id/enrollments': { permission: 'write' },
  'POST /v1/events': { permission: 'write' },
  'POST /v1/events/batch': { permission: 'write' },
  'PUT /v1/customers/:id': { permission: 'write' },
  'GET /v1/customers/:id': { permission: 'read' },
  'GET /v1/customers/:id/trace': { permission: 'read' },
  'GET /v1/instances': { permission: 'read' },
  'GET /v1/instances/:id': { permission: 'read' },
  'POST /v1/instances/:id/pause': { permission: 'write' },
  'POST /v1/instances/:id/resume': { permission: 'write' },
  'POST /v1/instances/:id/exit': { permission: 'write' },
  'POST /v1/instances/:id/release': { permission: 'write' },
  'GET /v1/stream': { permission: 'read' },

  // AI designer (proposes; nothing is saved until the draft is)
  'POST /v1/designer/sessions': { permission: 'write' },
  'POST /v1/designer/sessions/stream': { permission: 'write' },
  'POST /v1/designer/sessions/:id/messages': { permission: 'write' },
  'POST /v1/designer/sessions/:id/messages/stream': { permission: 'write' },
  'POST /v1/designer/documents': { permission: 'write' },

  // Workspace configuration (admin)
  'GET /v1/frequency-caps': { permission: 'read' },
  'PUT /v1/frequency-caps': { permission: 'admin', audit: 'frequency_caps.updated' },
  'GET /v1/providers': { permission: 'read' },
  'PUT /v1/providers/:channel': { permission: 'admin', audit: 'provider.updated' },
  'DELETE /v1/providers/:channel': { permission: 'admin', audit: 'provider.deleted' },
  'POST /v1/webhook-subscriptions': { permission: 'admin', audit: 'webhook_subscription.created' },
  'GET /v1/webhook-subscriptions': { permission: 'read' },
  'GET /v1/webhook-subscriptions/:id': { permission: 'read' },
  'PATCH /v1/webhook-subscriptions/:id': { permission: 'admin', audit: 'webhook_subscription.updated' },
  'DELETE /v1/webhook-subscriptions/:id': { permission: 'admin', audit: 'webhook_subscription.deleted' },
  'POST /v1/webhook-subscriptions/:id/rotate-secret': {
    permission: 'admin',
    audit: 'webhook_subscription.secret_rotated',
  },
  'GET /v1/webhook-subscriptions/:id/deliveries': { permission: 'read' },

  // Members: console users (JWT subject or email) and their role in the workspace
  'POST /v1/members': { permission: 'admin', audit: 'member.added' },
  'GET /v1/members': { permission: 'admin' },
  'PATCH /v1/members/:id': { permission: 'admin', audit: 'member.role_changed' },
  'DELETE /v1/members/:id': { permission: 'admin', audit: 'member.removed' },
  // Alert rules (evaluated by the analytics service)
  'POST /v1/alert-rules': { permission: 'write', audit: 'alert_rule.created' },
  'GET /v1/alert-rules': { permission: 'read' },
  'GET /v1/alert-rules/:id': { permission: 'read' },
  'PATCH /v1/alert-rules/:id': { permission: 'write', audit: 'alert_rule.updated' },
  'DELETE /v1/alert-rules/:id': { permission: 'write', audit: 'alert_rule.deleted' },
  'POST /v1/api-keys': { permission: 'admin', audit: 'api_key.created' },
  'GET /v1/api-keys': { permission: 'admin' },
  'DELETE /v1/api-keys/:id': { permission: 'admin', audit: 'api_key.revoked' },
  'GET /v1/audit': { permission: 'admin' },
  'GET /v1/quotas': { permission: 'admin' },
  'PUT /v1/quotas': { permission: 'admin', audit: 'quotas.updated' },
};
