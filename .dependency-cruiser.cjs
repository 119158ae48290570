/**
 * dependency-cruiser rules: DESIGN.md's arrows as checks. `npm run lint` runs them through scripts/check-imports.mjs,
 * which adds the one rule dependency-cruiser cannot say reliably (no import cycle between folders of platform/src).
 * On its own: `npx depcruise shared platform plugins addins manifests test`.
 *
 * Paths are relative to the repository root. Workspace packages (`@brevdue/shared`) resolve through node_modules' symlinks
 * to their real folder (shared/src/...), so a rule about `^shared/` also sees imports by package name.
 * Type-only imports obey the package arrows too: a type two packages need lives in shared/ (the SDK), not in one of them.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'shared-imports-no-sibling',
      severity: 'error',
      comment: 'shared/ is the bottom layer (DESIGN.md): platform, plugins and add-ins import it, never the other way round.',
      from: { path: '^shared/' },
      to: { path: '^(platform|plugins|addins|manifests|test)/' },
    },
    {
      name: 'plugin-imports-only-shared',
      severity: 'error',
      comment:
        'A plugin sees the platform only through the SDK context (DESIGN.md): it imports @brevdue/shared and its own files, ' +
        'never the platform, the add-ins, the tests or another plugin.',
      from: { path: '^plugins/([^/]+)/' },
      to: { path: '^(platform|addins|manifests|test|plugins)/', pathNot: '^plugins/$1/' },
    },
    {
      name: 'platform-imports-no-plugin',
      severity: 'error',
      comment: 'The platform loads plugins by package name at start-up (plugins/load-plugin.ts); it never imports their files.',
      from: { path: '^platform/' },
      to: { path: '^plugins/' },
    },
    {
      name: 'platform-code-imports-no-tests',
      severity: 'error',
      comment:
        'Shipped platform code must not depend on test support (test/, platform/test/): it is not installed in production. ' +
        "The platform's own *.test.ts files may.",
      from: { path: '^platform/src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|platform/test)/' },
    },
    {
      name: 'addins-import-only-shared',
      severity: 'error',
      comment: 'The task panes run in Office; they reach the platform over HTTP only (DESIGN.md: addins → shared).',
      from: { path: '^addins/' },
      to: { path: '^(platform|plugins|test)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file: a typo, a moved file, or a package missing from package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|data|coverage)/|^addins/build/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports are kept in the graph (marked "type-only") so the folder-cycle check can leave them out.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    skipAnalysisNotInRules: true,
  },
};
