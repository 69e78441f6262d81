/** For in-process use (end-to-end tests, tools): start the gateway, create workspaces. */
export { bootstrap, type BootstrapOptions, type GatewayHandle } from './app';
export {
  createWorkspace,
  type CreatedWorkspace,
  type CreateWorkspaceInput,
} from './application/create-workspace';
export { MongoWorkspaceStore } from './infrastructure/mongo-workspace-store';
export { gatewayConfigSchema, loadGatewayConfig, type GatewayConfig } from './config';
