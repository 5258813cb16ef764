export { createLimiter, type Lease, type Limiter, type LimitRule, type LimitsOptions } from './limiter.ts';
export { estimateTokens } from './tokens.ts';
