import { createLogger, initTelemetry } from '@kalcifer/platform';
import { bootstrap } from './app';

initTelemetry('ai-designer');

bootstrap()
  .then((running) => {
    // SIGTERM/SIGINT: stop the gRPC server and close the database connection.
    running.app.enableShutdownHooks();
  })
  .catch((err: unknown) => {
    createLogger('ai-designer').fatal({ err }, 'ai-designer failed to start');
    process.exit(1);
  });
