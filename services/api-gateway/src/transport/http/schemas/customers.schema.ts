import { z } from 'zod';
import { jsonObject } from './common.schema';

export const upsertCustomerSchema = z.object({ attributes: jsonObject('attributes') }).strict();
export type UpsertCustomerDto = z.infer<typeof upsertCustomerSchema>;
