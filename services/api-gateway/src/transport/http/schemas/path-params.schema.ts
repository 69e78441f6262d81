import { ZodPipe } from '../zod.pipe';
import { z } from 'zod';

/** Ids in paths: non-empty and bounded (the orchestrator decides whether they exist). */
export const resourceIdSchema = z
  .string()
  .min(1, 'the id in the path must not be empty')
  .max(256, 'the id in the path must be at most 256 characters');

/** The pipe every `:id` path parameter goes through. */
export const PATH_ID = new ZodPipe(resourceIdSchema, 'path');
