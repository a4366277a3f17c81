/** Build: the deployable, versioned artifact of a factory (bundle.json + the ADF ARM template set). */
export * from './build-artifact.js';
export { createArmTemplate, ADF_API_VERSION, ARM_MAX_PARAMETERS } from './arm-template.js';
export type { ArmTemplateInput, ArmTemplateSet } from './arm-template.js';
export type { BuildResourceFile } from './arm-resources.js';
export { DEFAULT_PARAMETER_TEMPLATE } from './default-parameter-template.js';
export { canonicalJson, sha256Hex } from './canonical-json.js';
export { REDACTED } from './redact-secrets.js';
export type { RedactedValue } from './redact-secrets.js';
export { writeArtifact } from './write-artifact.js';
