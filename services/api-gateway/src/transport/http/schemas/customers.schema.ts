import { z } from 'zod';
import { attributesObject } from './common.schema';

export const upsertCustomerSchema = z.object({ attributes: attributesObject('attributes') }).strict();
export type UpsertCustomerDto = z.infer<typeof upsertCustomerSchema>;
