export { formatPath, type LoadResult, loadConfig, parseConfig } from './load.ts';
export {
  type Config,
  configSchema,
  type JwtConfig,
  type LimitRuleConfig,
  type ModelConfig,
  type MtlsIdentityConfig,
  parseDuration,
  type UpstreamConfig,
} from './schema.ts';
