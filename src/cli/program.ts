/**
 * The `millrace` program: every command registered on one commander program. Only the command being run is
 * registered (its module is its own chunk in the bundle); `--help`, `help` and an unknown command register
 * them all. Command modules load the library lazily inside their actions; `main.ts` answers `--version`.
 */
import { Command } from 'commander';
import { packageVersion } from './package-version.js';

type Register = (program: Command) => void;

/** Each top-level command and the module that registers it, in the order `--help` lists them. */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  eval: async () => (await import('./commands/eval.js')).registerEval,
  run: async () => (await import('./commands/run.js')).registerRun,
  runs: async () => (await import('./commands/runs.js')).registerRuns,
  env: async () => (await import('./commands/env.js')).registerEnv,
  secrets: async () => (await import('./commands/secrets.js')).registerSecrets,
  server: async () => (await import('./commands/server.js')).registerServer,
  worker: async () => (await import('./commands/worker.js')).registerWorker,
  experiments: async () => (await import('./commands/ml-runs.js')).registerMlRuns,
  'ml-runs': async () => (await import('./commands/ml-runs.js')).registerMlRuns,
  models: async () => (await import('./commands/models.js')).registerModels,
  tokens: async () => (await import('./commands/tokens.js')).registerTokens,
  keys: async () => (await import('./commands/keys.js')).registerKeys,
  triggers: async () => (await import('./commands/triggers.js')).registerTriggers,
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  describe: async () => (await import('./commands/describe.js')).registerDescribe,
  build: async () => (await import('./commands/build.js')).registerBuild,
  test: async () => (await import('./commands/test.js')).registerTest,
  deploy: async () => (await import('./commands/deploy.js')).registerDeploy,
  python: async () => (await import('./commands/python.js')).registerPython,
};

/** The commands to register for `argv`: the one named first (program options are flags), else all. */
export function commandsFor(argv: readonly string[]): readonly string[] {
  const name = argv.slice(2).find((a) => !a.startsWith('-'));
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? [name] : Object.keys(COMMANDS);
}

/** Builds the program with the commands `argv` needs (all of them by default); exported for tests. */
export async function createProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('millrace')
    .description('Run, test, build and deploy Azure Data Factory pipelines anywhere.')
    .version(packageVersion(), '-V, --version')
    // Program options only before the subcommand, so `millrace build --version <label>` reaches build.
    .enablePositionalOptions()
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride((err) => {
      // Commander usage errors (unknown option, missing argument) are bad input: exit 2.
      process.exit(err.exitCode === 0 ? 0 : 2);
    });
  const loaders = commandsFor(argv).flatMap((name) => COMMANDS[name] ?? []);
  // One module may register several commands (ml-runs.ts: experiments and ml-runs): register it once.
  const registers = new Set(await Promise.all(loaders.map((load) => load())));
  for (const register of registers) register(program);
  return program;
}

/**
 * A reader that stops reading (`millrace runs list | head -1`) closes the pipe: the rest of the output has
 * nowhere to go, which is not an error. End quietly with success, as Unix tools do.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

/** Parses argv and runs the command. */
export async function runCli(argv: readonly string[]): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  await (await createProgram(argv)).parseAsync([...argv]);
}
