import { createLogger } from '@kalcifer/platform';
import { bootstrap } from './app';

bootstrap({ shutdownHooks: true }).catch((err: unknown) => {
  createLogger('scheduler').fatal({ err }, 'scheduler failed to start');
  process.exit(1);
});
