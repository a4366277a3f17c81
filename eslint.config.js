// ESLint flat config: typescript-eslint (type-aware) + module boundary rules from STYLE.md section 3.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';

const mod = (name) => `./src/${name}`;
const all = [
  'platform',
  'errors',
  'model',
  'expressions',
  'contracts',
  'engine',
  'activities',
  'connectors',
  'data-plane',
  'store',
  'secrets',
  'triggers',
  'cicd',
  'config',
  'ml',
  'python',
  'serving',
  'cloud',
  'app',
  'server',
  'cli',
];
/** What each module may import (STYLE.md section 3); everything else in src/ is forbidden. */
const allowed = {
  platform: [],
  errors: [],
  model: ['errors'],
  expressions: ['errors'],
  contracts: ['model', 'errors'],
  engine: ['model', 'expressions', 'contracts', 'errors'],
  activities: ['contracts', 'model', 'errors', 'platform'],
  'data-plane': ['contracts', 'model', 'errors'],
  connectors: ['contracts', 'model', 'errors', 'platform'],
  store: ['contracts', 'model', 'errors', 'platform'],
  secrets: ['contracts', 'model', 'errors', 'platform'],
  ml: ['contracts', 'model', 'errors', 'platform'],
  python: ['contracts', 'model', 'errors', 'platform'],
  serving: ['contracts', 'model', 'errors'],
  cloud: ['contracts', 'model', 'errors'],
  triggers: ['engine', 'contracts', 'model', 'errors'],
  cicd: ['engine', 'model', 'expressions', 'contracts', 'config', 'errors', 'platform'],
  config: ['errors', 'platform'],
};
/** The restricted-path zones of a table like `allowed`. */
const zonesOf = (table) =>
  Object.entries(table).flatMap(([target, ok]) =>
    all
      .filter((m) => m !== target && !ok.includes(m))
      .map((m) => ({
        target: mod(target),
        from: mod(m),
        message: `${target}/ may not import ${m}/ (STYLE.md §3)`,
      })),
  );
const zones = zonesOf(allowed);
/**
 * Tests beside activity code (and their fixtures in activities/testing/) bind real datasets and run the real
 * data plane, so they may also use connectors/ and data-plane/; the activities themselves may not (they get
 * both through their ActivityContext).
 */
const activityTestZones = zonesOf({
  ...allowed,
  activities: [...allowed.activities, 'connectors', 'data-plane'],
});
for (const shell of ['cli', 'server']) {
  for (const m of all.filter((x) => !['errors', 'config', 'platform', 'cli', 'server', shell].includes(x))) {
    zones.push({
      target: mod(shell),
      from: mod(m),
      message: `${shell}/ imports the library through src/index.ts only`,
    });
  }
}

/** web/ talks HTTP: of the project it may import only the API's wire types (STYLE.md §3); src/ never imports web/. */
const webZones = [
  {
    target: './web',
    from: './src',
    except: ['./server/api-types.ts', './server/api-schemas.ts'],
    message: 'web/ imports only src/server/api-types.ts, type-only (STYLE.md §3)',
  },
  { target: './src', from: './web', message: 'src/ may not import web/' },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'schemas/**',
      'examples/**',
      'bench/results/**',
      // Lint fixtures that must fail (test/lint/*.test.ts lints them through the ESLint API).
      'test/fixtures/lint/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Without the .ts extensions and parser, import-x skips every .ts dependency, so no-cycle never sees one.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['./tsconfig.json', './web/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-default-export': 'error',
      'import-x/no-restricted-paths': ['error', { zones: [...zones, ...webZones] }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use an as-const object and a union type (STYLE.md §4).' },
      ],
    },
  },
  {
    // The UI imports the API's wire types and nothing else of the project, and only as types.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!server/api-types\\.js$)',
              message: 'web/ imports only src/server/api-types.ts (STYLE.md §3)',
            },
          ],
          paths: [],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/server/api-types.js'],
              allowTypeImports: true,
              message: 'web/ imports the API types type-only',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/activities/**/*.test.ts', 'src/activities/testing/**'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: activityTestZones }] },
  },
  {
    files: ['src/model/**', 'src/expressions/**', 'src/contracts/**', 'src/engine/**'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:child_process'],
              message: 'pure module: no I/O',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'pure module: config comes in through ResolvedConfig',
        },
        { object: 'Date', property: 'now', message: 'pure module: use the injected Clock' },
        { object: 'Math', property: 'random', message: 'pure module: use the injected IdSource' },
      ],
    },
  },
  {
    files: ['**/*.js', 'eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Node scripts (plain ESM JavaScript run by npm scripts and .ci/run).
    files: ['scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // CommonJS: the `millrace` bin launcher and test preloads.
    files: ['bin/**/*.cjs', 'test/fixtures/**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'commonjs',
      globals: { process: 'readonly', require: 'readonly', module: 'readonly', __dirname: 'readonly' },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: [
      'eslint.config.js',
      'vitest.config.ts',
      'vitest.corpus.config.ts',
      'src/cli/project-vitest-config.ts',
      'web/vite.config.ts',
    ],
    rules: { 'import-x/no-default-export': 'off' },
  },
  prettier,
);
