import { createLogger, initTelemetry } from '@kalcifer/platform';
import { bootstrap } from './app';

initTelemetry('scheduler');

bootstrap({ shutdownHooks: true }).catch((err: unknown) => {
  createLogger('scheduler').fatal({ err }, 'scheduler failed to start');
  process.exit(1);
});
