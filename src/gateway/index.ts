export type { GatewayDeps } from './deps.ts';
export { type RunningGateway, StartError, startGateway } from './start.ts';
