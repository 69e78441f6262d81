import { createLogger, initTelemetry } from '@kalcifer/platform';
import { bootstrap } from './app';

initTelemetry('api-gateway');
const logger = createLogger('api-gateway');

bootstrap({ shutdownHooks: true, logger }).catch((err: unknown) => {
  logger.fatal({ err }, 'api-gateway failed to start');
  process.exit(1);
});
