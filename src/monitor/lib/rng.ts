// Seeded randomness for LSH projections and scenario replays: the same seed gives the same run.
export { fnv1a, gauss, rng } from '../../lib/random.ts';
