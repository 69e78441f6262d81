/** The customer ids typed into the editor's Enroll form. Pure. */

/** The gateway's largest enrollment batch. */
export const MAX_ENROLLMENTS = 1000;

/**
 * Ids separated by commas, spaces or new lines, each once, in the order typed; or what to fix.
 * (Each id's own rules are the gateway's: it answers 400 naming the id.)
 */
export function parseCustomerIds(text: string): { ids: string[] } | { error: string } {
  const ids = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  if (ids.length === 0) return { error: 'Name at least one customer id.' };
  if (ids.length > MAX_ENROLLMENTS)
    return { error: `At most ${MAX_ENROLLMENTS} customers at once (${ids.length} given).` };
  return { ids };
}
