import { z } from 'zod';
import { jsonObject, optionalString, pageCursor, pageLimit, requiredString } from './common.schema';

/**
 * The graph is only required to be a JSON object here; its content is checked by the journey
 * domain (validateGraph) in the use case, which reports issues as `invalid_graph`.
 */
const graph = jsonObject('graph');

export const createJourneySchema = z
  .object({
    name: requiredString('name', 'a name for the journey, e.g. "Welcome series"', 200),
    description: optionalString('description'),
    graph: graph.optional(),
  })
  .strict();
export type CreateJourneyDto = z.infer<typeof createJourneySchema>;

export const updateDraftSchema = z
  .object({
    graph,
    name: requiredString('name', 'a name for the journey', 200).optional(),
    description: optionalString('description'),
  })
  .strict();
export type UpdateDraftDto = z.infer<typeof updateDraftSchema>;

/** Validates the given graph, or the saved draft when the body has none. */
export const validateJourneySchema = z.object({ graph: graph.optional() }).strict().default({});
export type ValidateJourneyDto = z.infer<typeof validateJourneySchema>;

export const JOURNEY_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;

export const listJourneysQuerySchema = z
  .object({
    status: z
      .enum(JOURNEY_STATUSES, {
        errorMap: () => ({ message: `status must be one of ${JOURNEY_STATUSES.join(', ')}` }),
      })
      .optional(),
    limit: pageLimit,
    cursor: pageCursor,
  })
  .strict();
export type ListJourneysQuery = z.infer<typeof listJourneysQuerySchema>;

export const JOURNEY_ACTIONS = ['activate', 'pause', 'resume', 'archive'] as const;
export type JourneyAction = (typeof JOURNEY_ACTIONS)[number];
