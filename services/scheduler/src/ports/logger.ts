export type { Logger } from '@kalcifer/platform';

export const LOGGER = Symbol('Logger');
