import { ZodPipe } from '../zod.pipe';
import { idSchema } from './common.schema';

/** Ids in paths follow the one id rule (input-limits.ts); the orchestrator decides whether they exist. */
export const resourceIdSchema = idSchema('the id in the path');

/** The pipe every id path parameter goes through. */
export const PATH_ID = new ZodPipe(resourceIdSchema, 'path');
