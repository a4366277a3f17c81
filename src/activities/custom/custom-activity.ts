import { activityProcessEnv } from '../notebook-runtime/index.js';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ActivityExecutor } from '../../contracts/index.js';
import { lazySchema } from '../../contracts/index.js';
import type { JsonObject, JsonValue, ResourceReference } from '../../model/index.js';
import type { LocalComputeSettings } from '../notebook-runtime/index.js';
import { downloadResourceFolder } from './resource-folder.js';
import {
  activityLogFile,
  assertInside,
  externalActivityOutput,
  optionalString,
  requireString,
  runCommand,
  SecretRedactor,
} from '../notebook-runtime/index.js';
import { defineActivity } from '../define-activity.js';
import type { CustomSettings } from './custom-settings.js';
import { customType } from './custom-type.js';

/** The ADF type this executor runs. */
export const CUSTOM_TYPE = 'Custom';

/** Registers every `{ "type": "SecureString", "value": … }` found in the value, so the command's output masks it. */
function addSecureStrings(value: JsonValue | undefined, redactor: SecretRedactor): void {
  if (Array.isArray(value)) (value as readonly JsonValue[]).forEach((v) => addSecureStrings(v, redactor));
  else if (value !== null && typeof value === 'object') {
    const obj = value as JsonObject;
    if (obj['type'] === 'SecureString' && typeof obj['value'] === 'string') redactor.add(obj['value']);
    else Object.values(obj).forEach((v) => addSecureStrings(v, redactor));
  }
}

function isReference(
  value: JsonValue | undefined,
): value is JsonObject & ResourceReference & { readonly referenceName: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as JsonObject)['referenceName'] === 'string'
  );
}

/**
 * Runs a Custom activity locally, as ADF runs it on an Azure Batch node: the contents of `folderPath`
 * (in `resourceLinkedService` through the engine's data access, or without one a folder under the
 * project) are copied to a fresh working folder `<workDir>/<runId>/<activityRunId>`,
 * the activity definition (typeProperties evaluated, so `extendedProperties` included) is written there
 * as `activity.json` with `linkedServices.json` and `datasets.json`, and `command` runs there without a
 * shell. SecureString values in extendedProperties are masked in the output. Output:
 * `{ exitcode, outputs: [stdout.txt, stderr.txt file:// URLs], customOutput? (outputs.json),
 * effectiveIntegrationRuntime, executionDuration, durationInQueue, billingReference }`.
 */
export function createCustomExecutor(settings: LocalComputeSettings): ActivityExecutor {
  return defineActivity<CustomSettings>({
    ...customType,
    settings: lazySchema(async () => (await import('./custom-settings.js')).customSettingsSchema),
    async execute(ctx, tp) {
      const name = `${CUSTOM_TYPE} "${ctx.activity.name}"`;
      const command = requireString(tp.command, 'command', name);
      const folderPath = optionalString(tp.folderPath, 'folderPath', name);
      const workDir = settings.workDir ?? join(settings.projectDir, '.millrace', 'custom');
      const workingDir = join(workDir, ctx.runId, ctx.activityRunId);
      const resourceService = tp.resourceLinkedService;
      let resourceFolder: string | undefined;
      if (folderPath !== undefined && isReference(resourceService)) {
        const count = await downloadResourceFolder(ctx, resourceService, folderPath, workingDir);
        ctx.log(`millrace: downloaded ${count} file(s) from ${resourceService.referenceName}/${folderPath}`);
      } else if (folderPath !== undefined) {
        const root = resolve(settings.projectDir);
        resourceFolder = resolve(root, folderPath);
        assertInside(root, resourceFolder, folderPath);
        ctx.log(`millrace: folderPath "${folderPath}" is read from the project folder (${resourceFolder})`);
      }
      const redactor = new SecretRedactor(ctx.redact);
      addSecureStrings(tp.extendedProperties, redactor);
      const { dependsOn: _dependsOn, ...definition } = ctx.activity;
      const logFile = activityLogFile(settings, ctx);
      const result = await runCommand({
        command,
        workingDir,
        resourceFolder,
        activity: { ...definition, typeProperties: tp } as unknown as JsonValue,
        logFile,
        onLog: (line) => ctx.log(line),
        signal: ctx.signal,
        env: await activityProcessEnv(settings, ctx),
        redactor,
      });
      return {
        exitcode: result.exitCode,
        outputs: [pathToFileURL(result.stdoutFile).href, pathToFileURL(result.stderrFile).href],
        ...(result.customOutput === undefined ? {} : { customOutput: result.customOutput }),
        ...externalActivityOutput(result.durationMs, settings),
      };
    },
  });
}
