// ESLint with typescript-eslint's strictest type-checked rules (see shared/design/style.md).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', 'dist', 'coverage'] },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // node:test's describe/it return promises the runner itself awaits.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      // Tests read optional results defensively after asserting on them.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // Fastify plugins are async functions by contract, awaited by Fastify even when they await nothing.
    files: ['src/http/*-routes.ts', 'src/http/auth-plugin.ts', 'src/http/app.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  { ignores: ['bench/tmp/**', 'scripts/**', 'eslint.config.js', 'bin/**'] },
);
