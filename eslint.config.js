/**
 * @module
 * ESLint flat config for the whole repository (`npm run lint` runs it through scripts/lint.mjs).
 *
 * - Every file: `@eslint/js` recommended and typescript-eslint `recommended`. No stylistic rules: Prettier owns the layout.
 * - Files in the TypeScript program (tsconfig.json `include`): a few type-aware rules that catch real bugs (a promise
 *   nobody awaits, an async callback where a void one is expected). Type information costs a full program load, so only
 *   rules that pay for it are on.
 * - addins/: the Office add-in rules (`eslint-plugin-office-addins`): `context.sync()` in a loop, reading before `load`.
 * Import rules (which package may import which) live in .dependency-cruiser.cjs, not here.
 */
import { join } from 'node:path';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import officeAddins from 'eslint-plugin-office-addins';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

/**
 * The files in the TypeScript program, from tsconfig.json's `include` (a folder stands for the TypeScript files under it),
 * so the type-aware rules follow the program when the layout changes. Only these files have type information.
 */
const TYPED_FILES = (() => {
  const { config, error } = ts.readConfigFile(join(import.meta.dirname, 'tsconfig.json'), ts.sys.readFile);
  if (error) throw new Error(`eslint.config.js: tsconfig.json cannot be read: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  /** @type {string[]} */
  const include = config.include ?? [];
  return include.map((entry) => (/\.[cm]?[jt]sx?$/.test(entry) ? entry : `${entry.replace(/\/$/, '')}/**/*.{ts,tsx,mts,cts}`));
})();

export default defineConfig([
  globalIgnores(['**/node_modules/', '**/dist/', 'data/', 'coverage/', 'addins/build/', 'test-results/', '.tmp/']),

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_` marks a parameter a callback signature forces on us (`(_e, data) => ...`) or a value destructured away.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // STYLE.md: "no `as never` where a type can be written". `as never` silences the checker instead of stating a type.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSNeverKeyword.typeAnnotation',
          message: 'Write the real type instead of `as never` (STYLE.md); it hides the mismatch the checker found.',
        },
      ],
    },
  },

  {
    files: TYPED_FILES,
    languageOptions: {
      // One program from tsconfig.json: a quarter less CPU here than `projectService` (66 s against 90 s for the tree).
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its rejection (an unhandled rejection stops Node) and its ordering. `void p` says "on purpose".
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function passed where a void callback is expected (event handlers, forEach, setTimeout) drops its rejection.
      '@typescript-eslint/no-misused-promises': 'error',
      // `await` on a value that is not a promise is a sign the code believes something false about it.
      '@typescript-eslint/await-thenable': 'error',
    },
  },

  {
    files: ['addins/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, Office: 'readonly', Word: 'readonly', Excel: 'readonly' } },
    plugins: { 'office-addins': officeAddins },
    rules: {
      'office-addins/call-sync-after-load': 'error',
      'office-addins/call-sync-before-read': 'error',
      'office-addins/load-object-before-read': 'error',
      'office-addins/no-context-sync-in-loop': 'error',
      'office-addins/no-empty-load': 'error',
      'office-addins/no-navigational-load': 'error',
      'office-addins/no-office-initialize': 'error',
      'office-addins/test-for-null-using-isNullObject': 'error',
    },
  },

  {
    // Pages served to the browser by the platform (console, /send) run in a browser too.
    files: ['platform/src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
]);
