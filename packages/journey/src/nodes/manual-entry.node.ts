import { defineNode } from './node-definition';
import { REENTRY_FIELD, type ReentryPolicy } from './shared-fields';

/** Customers are enrolled through the API (`POST /journeys/{id}/enrollments`). */
export interface ManualEntryConfig {
  reentry?: ReentryPolicy;
}

export const manualEntryNode = defineNode({
  type: 'manual_entry',
  category: 'entry',
  description:
    'Starts the journey for a customer enrolled through the API; the enrollment context becomes `context`.',
  outputs: ['next'],
  fields: { reentry: REENTRY_FIELD },
});
