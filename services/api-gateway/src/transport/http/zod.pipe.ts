import type { PipeTransform } from '@nestjs/common';
import { z, type ZodIssue, type ZodType, type ZodTypeDef } from 'zod';
import { AppError, invalid } from '@kalcifer/platform';
import { BATCH_TOO_LARGE } from './schemas/common.schema';
import { namedErrors } from './schemas/error-map';

/** `message`: a gRPC request message (transport/grpc). */
export type RequestPart = 'body' | 'query' | 'path' | 'message';

const PART_LABEL: Record<RequestPart, string> = {
  body: 'invalid request body',
  query: 'invalid query parameters',
  path: 'invalid path parameter',
  message: 'invalid request',
};

/** `['events', 3, 'customerId']` -> `events[3].customerId`. */
export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}

export interface IssueView {
  path: string;
  message: string;
}

/** Turns zod issues into the API's `invalid_request` (or `batch_too_large`, 413) error. */
export function requestError(issues: ZodIssue[], part: RequestPart): AppError {
  const views: IssueView[] = issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
  const tooLarge = issues.find((i) => i.code === z.ZodIssueCode.custom && i.params?.code === BATCH_TOO_LARGE);
  if (tooLarge)
    return invalid('batch_too_large', tooLarge.message, { issues: [views[issues.indexOf(tooLarge)]] });
  const summary = issues.slice(0, 3).map((issue) => {
    const parent = formatPath(issue.path.slice(0, -1));
    return parent ? `${parent}: ${issue.message}` : issue.message;
  });
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more in details)` : '';
  return invalid('invalid_request', `${PART_LABEL[part]}: ${summary.join('; ')}${more}`, { issues: views });
}

/** Validates one part of a request against its zod schema and hands on the typed value. */
export class ZodPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: ZodType<T, ZodTypeDef, unknown>,
    private readonly part: RequestPart = 'body',
  ) {}

  transform(value: unknown): T {
    const result = this.schema.safeParse(value, { errorMap: namedErrors });
    if (result.success) return result.data;
    if (this.part === 'body' && value === undefined) {
      throw invalid(
        'invalid_request',
        'this request needs a JSON body: send one with "Content-Type: application/json"',
      );
    }
    throw requestError(result.error.issues, this.part);
  }
}
