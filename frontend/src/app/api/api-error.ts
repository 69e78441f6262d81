import type { ApiErrorBody, GraphIssue } from './api-models';

/** A gateway answer that was not 2xx, or a gateway that could not be reached (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static fromBody(status: number, body: unknown): ApiError {
    const error = (body as Partial<ApiErrorBody> | null)?.error;
    if (error && typeof error.code === 'string') {
      return new ApiError(status, error.code, error.message, error.details);
    }
    return new ApiError(status, 'http_error', `the gateway answered HTTP ${status}`);
  }

  /** The graph issues of a 400 invalid_graph (a save or publish of a graph that is not valid). */
  graphIssues(): GraphIssue[] {
    const errors = (this.details as { errors?: unknown } | undefined)?.errors;
    return this.code === 'invalid_graph' && Array.isArray(errors) ? (errors as GraphIssue[]) : [];
  }
}
