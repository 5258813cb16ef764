import { createMemoryState } from '../state/memory.ts';
import { runLimitsSuite } from './suite.ts';

runLimitsSuite('in-process', async () => ({ state: createMemoryState(), cleanup: async () => {} }));
