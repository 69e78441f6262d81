import { z } from 'zod';
import { ROLES } from '../../../application/permissions';
import { pageCursor, pageLimit, requiredString } from './common.schema';

const role = z.enum(ROLES, {
  errorMap: () => ({ message: `role must be one of ${ROLES.join(', ')}` }),
});

const isoTimestamp = (field: string) =>
  z
    .string({ invalid_type_error: `${field} must be an ISO 8601 timestamp, e.g. 2027-01-31T00:00:00Z` })
    .datetime({ offset: true, message: `${field} must be an ISO 8601 timestamp, e.g. 2027-01-31T00:00:00Z` });

export const createApiKeySchema = z
  .object({
    name: requiredString('name', 'what the key is for, e.g. "ci" or "console"', 100),
    role: role.default('viewer'),
    expiresAt: isoTimestamp('expiresAt').optional(),
  })
  .strict();
export type CreateApiKeyDto = z.infer<typeof createApiKeySchema>;

export const API_KEY_ID = /^key_[0-9a-f]{20}$/;

export const auditQuerySchema = z
  .object({
    action: z
      .string()
      .regex(/^[a-z_]{1,40}\.[a-z_]{1,40}$/, 'action must be an action name such as journey.created')
      .optional(),
    actor: z
      .string()
      .max(300, 'actor must be at most 300 characters')
      .regex(/^(api_key|user):/, 'actor must look like api_key:<name> or user:<id>')
      .optional(),
    targetId: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'targetId must be an id (letters, digits, _ . : -)')
      .optional(),
    since: isoTimestamp('since').optional(),
    until: isoTimestamp('until').optional(),
    cursor: pageCursor,
    limit: pageLimit,
  })
  .strict();
export type AuditQueryDto = z.infer<typeof auditQuerySchema>;

const quota = (field: string, max: number) =>
  z
    .number({ invalid_type_error: `${field} must be a whole number from 1 to ${max}` })
    .int(`${field} must be a whole number from 1 to ${max}`)
    .min(1, `${field} must be a whole number from 1 to ${max}`)
    .max(max, `${field} must be a whole number from 1 to ${max}`);

export const updateQuotasSchema = z
  .object({
    requestsPerSecondPerKey: quota('requestsPerSecondPerKey', 1_000_000).optional(),
    eventsPerSecond: quota('eventsPerSecond', 10_000_000).optional(),
    activeJourneys: quota('activeJourneys', 1_000_000).optional(),
    activeInstances: quota('activeInstances', 1_000_000_000).optional(),
  })
  .strict()
  .refine(
    (o) => Object.keys(o).length > 0,
    'send at least one of requestsPerSecondPerKey, eventsPerSecond, activeJourneys, activeInstances',
  );
export type UpdateQuotasDto = z.infer<typeof updateQuotasSchema>;
