import { describe, expect, it } from 'vitest';
import { materializeVersion, RUNTIME_ENVIRONMENT_FILE } from './materialize.js';

const bundle = {
  contentHash: 'sha256:0',
  version: '1',
  factoryName: 'f',
  resources: [],
  notebooks: [],
  text: '{}',
};

describe('materializeVersion', () => {
  it("keeps the environment's served models in the deployed environment.json (later files win per model)", async () => {
    const files = await materializeVersion({
      bundle,
      versionId: 'v1',
      environment: {
        name: 'prod',
        protected: false,
        layers: [
          {
            format: 'millrace',
            file: 'a.json',
            spec: {
              overrides: [],
              serving: { price: { alias: 'champion', workers: 2 }, churn: { alias: 'champion' } },
            },
          },
          {
            format: 'millrace',
            file: 'b.json',
            spec: { overrides: [], serving: { price: { alias: 'stable' } } },
          },
        ],
      },
    });
    const env = JSON.parse(files.find((f) => f.path === RUNTIME_ENVIRONMENT_FILE)?.text ?? '{}') as {
      serving?: unknown;
    };
    expect(env.serving).toEqual({ price: { alias: 'stable' }, churn: { alias: 'champion' } });
  });
});
