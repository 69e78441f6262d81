import { z } from 'zod';
import { pageCursor, pageLimit, idSchema } from './common.schema';

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
    journeyId: idSchema('journeyId').optional(),
    customerId: idSchema('customerId').optional(),
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
