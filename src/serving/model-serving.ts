import type { ModelEndpoint, EndpointStatus } from './model-endpoint.js';
import type { ScoringReply, ScoringRequest } from './scoring-types.js';
import { mlflowErrorReply } from './scoring-types.js';
import { renderServingMetrics } from './serving-metrics.js';

/** The served models of a process, by environment and model name. */
export class ModelServing {
  readonly #endpoints = new Map<string, ModelEndpoint>();

  static key(env: string, model: string): string {
    return `${env}\u0000${model}`;
  }

  add(endpoint: ModelEndpoint): void {
    const s = endpoint.status();
    this.#endpoints.set(ModelServing.key(s.env, s.model), endpoint);
  }

  get(env: string, model: string): ModelEndpoint | undefined {
    return this.#endpoints.get(ModelServing.key(env, model));
  }

  /** Scores on `env`/`model`; an unknown endpoint is MLflow's 404 `RESOURCE_DOES_NOT_EXIST`. */
  score(env: string, model: string, request: ScoringRequest): Promise<ScoringReply> {
    const endpoint = this.get(env, model);
    if (!endpoint) {
      const known = this.list().map((s) => `${s.env}/${s.model}`);
      return Promise.resolve(
        mlflowErrorReply(
          404,
          'RESOURCE_DOES_NOT_EXIST',
          `no served model ${model} in environment ${env} (served: ${known.join(', ') || 'none'})`,
        ),
      );
    }
    return endpoint.score(request);
  }

  list(): EndpointStatus[] {
    return [...this.#endpoints.values()].map((e) => e.status());
  }

  /** Prometheus text of every endpoint. */
  metrics(): string {
    return renderServingMetrics([...this.#endpoints.values()].map((e) => e.metrics));
  }

  async close(): Promise<void> {
    await Promise.all([...this.#endpoints.values()].map((e) => e.close()));
    this.#endpoints.clear();
  }
}
