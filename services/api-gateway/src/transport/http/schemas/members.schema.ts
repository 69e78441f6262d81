import { z } from 'zod';
import { ROLES } from '../../../application/permissions';

const role = z.enum(ROLES, { errorMap: () => ({ message: `role must be one of ${ROLES.join(', ')}` }) });

/** POST /v1/members: who (JWT subject and/or email) and the role in this workspace. */
export const addMemberSchema = z
  .object({
    subject: z
      .string()
      .min(1, 'subject is the user\'s JWT "sub"')
      .max(256, 'subject must be at most 256 characters')
      .regex(/^[^\s\p{Cc}]+$/u, 'subject must not contain spaces or control characters')
      .optional(),
    email: z.string().max(254).email('email must be an email address').optional(),
    role,
  })
  .strict()
  .refine((m) => m.subject !== undefined || m.email !== undefined, {
    message: 'give the member\'s subject (the JWT "sub") or email',
    path: ['subject'],
  });
export type AddMemberDto = z.infer<typeof addMemberSchema>;

/** PATCH /v1/members/{id}. */
export const changeMemberSchema = z.object({ role }).strict();
export type ChangeMemberDto = z.infer<typeof changeMemberSchema>;
