import { z } from 'zod';
import { pageCursor, pageLimit } from './common.schema';

export const INSTANCE_STATUSES = [
  'active',
  'waiting',
  'paused',
  'held',
  'completed',
  'exited',
  'failed',
] as const;

export const listInstancesQuerySchema = z
  .object({
    journeyId: z.string().min(1, 'journeyId must not be empty').max(200).optional(),
    customerId: z.string().min(1, 'customerId must not be empty').max(256).optional(),
    status: z
      .enum(INSTANCE_STATUSES, {
        errorMap: () => ({ message: `status must be one of ${INSTANCE_STATUSES.join(', ')}` }),
      })
      .optional(),
    limit: pageLimit,
    cursor: pageCursor,
  })
  .strict();
export type ListInstancesQuery = z.infer<typeof listInstancesQuerySchema>;
