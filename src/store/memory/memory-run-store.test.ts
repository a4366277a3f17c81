import { runStoreContractSuite } from '../../contracts/testing/run-store-suite.js';
import { createMemoryRunStore } from './memory-run-store.js';

runStoreContractSuite('memory', { create: () => Promise.resolve(createMemoryRunStore()) });
