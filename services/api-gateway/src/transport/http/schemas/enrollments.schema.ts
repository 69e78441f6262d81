import { z } from 'zod';
import { attributesObject, batchOf, clientId, jsonObject, idSchema } from './common.schema';
import { namedErrors } from './error-map';

const enrollmentSchema = z
  .object({
    customerId: idSchema('customerId', 'the id of the customer to enroll'),
    context: jsonObject('context').optional(),
    attributes: attributesObject('attributes').optional(),
    enrollmentId: clientId('enrollmentId'),
  })
  .strict();

export type EnrollmentDto = z.infer<typeof enrollmentSchema>;

const bulkSchema = z.object({ enrollments: batchOf('enrollments', enrollmentSchema) }).strict();

/**
 * One enrollment (`{customerId, ...}`) or many (`{enrollments: [...]}`), both read as a list. The
 * form is chosen by the presence of `enrollments`, so errors speak of the form the client meant
 * (a zod union would only say "invalid input").
 */
export const enrollRequestSchema = z.unknown().transform((body, ctx) => {
  const isBulk = typeof body === 'object' && body !== null && !Array.isArray(body) && 'enrollments' in body;
  const result = isBulk
    ? bulkSchema.safeParse(body, { errorMap: namedErrors })
    : enrollmentSchema
        .transform((one) => ({ enrollments: [one] }))
        .safeParse(body, { errorMap: namedErrors });
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue(issue);
  return z.NEVER;
});

export type EnrollRequestDto = z.infer<typeof enrollRequestSchema>;
