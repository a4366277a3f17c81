import { triggerStoreContractSuite } from '../../contracts/testing/trigger-store-suite.js';
import { MemoryTriggerStore } from './memory-trigger-store.js';

triggerStoreContractSuite('memory', { create: () => Promise.resolve(new MemoryTriggerStore()) });
