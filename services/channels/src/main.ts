import { createLogger, initTelemetry } from '@kalcifer/platform';
import { bootstrap } from './app';

initTelemetry('channels');

bootstrap()
  .then((running) => {
    // SIGTERM/SIGINT: stop consuming, finish the sends in flight, close connections.
    running.app.enableShutdownHooks();
  })
  .catch((err: unknown) => {
    createLogger('channels').fatal({ err }, 'channels failed to start');
    process.exit(1);
  });
