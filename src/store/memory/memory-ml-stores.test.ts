import { modelRegistryContractSuite } from '../../contracts/testing/model-registry-suite.js';
import { trackingStoreContractSuite } from '../../contracts/testing/tracking-store-suite.js';
import { MemoryModelRegistry } from './memory-model-registry.js';
import { MemoryTrackingStore } from './memory-tracking-store.js';

trackingStoreContractSuite('memory', { create: () => Promise.resolve(new MemoryTrackingStore()) });
modelRegistryContractSuite('memory', { create: () => Promise.resolve(new MemoryModelRegistry()) });
