/** What the document shows of one operation (openapi-examples.ts attaches it). */
export interface OperationExamples {
  /** The body a client sends; the route's own validator accepts it (openapi-examples.test.ts). */
  request?: unknown;
  /** The media type of `request` when it is not JSON (a CSV upload, a provider's form post). */
  requestType?: string;
  /** The success answer; JSON ones validate against the operation's response schema. */
  response: unknown;
  /** Error answers of this operation by status, beyond the ones derived from its path. */
  errors?: Record<string, ErrorExample>;
}

export interface ErrorExample {
  error: { code: string; message: string; details?: unknown; errorId?: string };
}
