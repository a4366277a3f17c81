import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../route-context.js';
import { registerAccessRoutes } from './access.js';
import { registerDeploymentRoutes } from './deployments.js';
import { registerEnvironmentRoutes } from './environments.js';
import { registerHealthRoutes } from './health.js';
import { registerLogRoutes } from './logs.js';
import { registerMlflowRoutes } from './mlflow.js';
import { registerModelRoutes } from './models.js';
import { registerResourceRoutes } from './resources.js';
import { registerRunRoutes } from './runs.js';
import { registerSecretRoutes } from './secrets.js';
import { registerSessionRoutes } from './session.js';
import { registerTriggerRoutes } from './triggers.js';

/** Registers one resource's routes. */
export type RouteModule = (app: FastifyInstance, ctx: RouteContext) => void;

/** Every route module, in registration order. Adding a resource is one file and one line here. */
export const ROUTES: readonly RouteModule[] = [
  registerHealthRoutes,
  registerResourceRoutes,
  registerRunRoutes,
  registerLogRoutes,
  registerTriggerRoutes,
  registerSecretRoutes,
  registerDeploymentRoutes,
  registerAccessRoutes,
  registerMlflowRoutes,
  registerModelRoutes,
  registerSessionRoutes,
  registerEnvironmentRoutes,
];
