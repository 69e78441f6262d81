import { z } from 'zod';
import { JOURNEY_EVENT_TYPES } from '@kalcifer/contracts';

/** A journal message as the orchestrator writes it (contracts' JournalMessage), checked on arrival. */
export const journalMessageSchema = z.object({
  workspaceId: z.string().min(1),
  journeyId: z.string().min(1),
  version: z.number().int().min(1),
  instanceId: z.string().min(1),
  customerId: z.string().min(1),
  events: z
    .array(
      z.object({
        type: z.enum(JOURNEY_EVENT_TYPES),
        at: z.number().int().min(0),
        nodeId: z.string().optional(),
        tokenId: z.string().optional(),
        message: z.string().optional(),
        data: z.record(z.unknown()).optional(),
      }),
    )
    .min(1),
});
