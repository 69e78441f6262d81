import { defineNode } from './node-definition';

/** No settings: customers are enrolled through the API (`POST /journeys/{id}/enrollments`). */
export type ManualEntryConfig = Record<string, never>;

export const manualEntryNode = defineNode({
  type: 'manual_entry',
  category: 'entry',
  description:
    'Starts the journey for a customer enrolled through the API; the enrollment context becomes `context`.',
  outputs: ['next'],
  fields: {},
});
