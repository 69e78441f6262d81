/** A request the designer refuses, with a machine-readable code; mapped once per transport (4xx). */
export const DESIGN_ERROR_CODES = [
  'empty_brief',
  'brief_too_long',
  'brief_not_understood',
  'instruction_not_understood',
  'step_not_found',
  'unsupported_document',
  'corrupt_document',
  'document_too_large',
  'document_not_understood',
  'session_not_found',
  'invalid_analytics',
] as const;

export type DesignErrorCode = (typeof DESIGN_ERROR_CODES)[number];

export class DesignError extends Error {
  constructor(
    readonly code: DesignErrorCode,
    message: string,
    /** Where in the input: a sentence, a row ("row 4"), a paragraph ("paragraph 2"). */
    readonly location?: string,
  ) {
    super(message);
    this.name = 'DesignError';
  }
}
