import { createMemoryState } from './memory.ts';
import { runStateSuite } from './suite.ts';

runStateSuite('in-process', async () => ({ state: createMemoryState(), cleanup: async () => {} }));
