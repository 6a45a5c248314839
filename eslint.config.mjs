// ESLint flat config. It enforces the architecture as much as the style:
// - src/core is pure: it imports only itself and its parser libraries (no Node, vscode or AWS SDK);
// - src/aws never imports vscode; nothing under src imports test/;
// - no import cycles; no floating promises; type-only imports written as such.
// Formatting is Prettier's job (eslint-config-prettier turns off the rules that overlap).
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';

/**
 * The only packages src/core may import: the parsers. js-yaml reads YAML templates (its event
 * stream carries every source offset: src/core/template/parseYaml.ts), jsonc-parser JSON that is
 * not strict (comments, trailing commas, errors: parseJson.ts). The `yaml` package, the template
 * reader before js-yaml, is now only the tests' reference reader (yamlDifferential.test.ts), so
 * core may no longer import it.
 */
const CORE_PACKAGES = ['jsonc-parser', 'js-yaml'];

/** The SDK half of src/aws ships as its own bundle, loaded on first use: the CLI and the extension reach it through src/aws/lazy.ts. */
const lazySdkOnly = {
  group: ['**/aws/gateways', '**/aws/sdk', '**/aws/clients', '**/aws/regions', '@aws-sdk/*'],
  allowTypeImports: true,
  message: 'Load the AWS SDK lazily through src/aws/lazy.ts (lint, --version and activation must not load it).',
};

const noTestImports = {
  group: ['**/test/**', '**/test'],
  message: 'Production code never imports test code: move the shared piece into src/ or the test into test/.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.vscode-test/**', 'test/fixtures/**', '**/*.d.ts'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    plugins: { 'import-x': importX },
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['scripts/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs', '.json'] } },
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test()/describe() return promises that the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      // Layering by folder (relative imports; package imports are checked by no-restricted-imports below).
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/core',
              from: ['./src/aws', './src/vscode', './src/cli', './test'],
              message: 'src/core is the pure engine.',
            },
            {
              target: './src/aws',
              from: ['./src/vscode', './src/cli', './test'],
              message: 'src/aws is shared by the CLI and the extension.',
            },
            { target: './src/cli', from: ['./src/vscode', './test'], message: 'The CLI runs without VS Code.' },
            {
              target: './src/vscode',
              from: ['./src/cli', './test'],
              message: 'The extension does not import the CLI or tests.',
            },
          ],
        },
      ],
      eqeqeq: ['error', 'smart'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['*', '!./**', '!../**', '!.', '!..', ...CORE_PACKAGES.map((p) => `!${p}`)],
              message: `src/core is pure TypeScript: it may import only src/core and ${CORE_PACKAGES.join(', ')}. Declare a port in core and implement it in src/aws, src/cli or src/vscode.`,
            },
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    files: ['src/aws/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/aws is shared by the CLI and the extension: no vscode here.' }],
          patterns: [
            {
              group: ['../vscode/**', '../cli/**'],
              message: 'src/aws may import only src/core, Node and the AWS SDK.',
            },
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The CLI runs without VS Code.' }],
          patterns: [
            { group: ['../vscode/**'], message: 'The CLI may not import the extension.' },
            noTestImports,
            lazySdkOnly,
          ],
        },
      ],
    },
  },
  {
    files: ['src/vscode/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../cli/**', '../../cli/**'], message: 'The extension may not import the CLI.' },
            noTestImports,
            lazySdkOnly,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    rules: { 'no-var': 'error', 'prefer-const': 'error', eqeqeq: ['error', 'smart'] },
  },
  prettier,
);
