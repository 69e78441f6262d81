import { createLogger, initTelemetry } from '@kalcifer/platform';
import { bootstrap } from './app';

initTelemetry('analytics');

bootstrap()
  .then((running) => {
    // SIGTERM/SIGINT: stop consuming, finish the writes in flight, close connections.
    running.app.enableShutdownHooks();
  })
  .catch((err: unknown) => {
    createLogger('analytics').fatal({ err }, 'analytics failed to start');
    process.exit(1);
  });
