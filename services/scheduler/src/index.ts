export { bootstrap, type BootstrapOptions, type SchedulerHandle } from './app';
export { readConfig, schedulerConfigSchema, type SchedulerConfig } from './config';
