import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'src/db/generated',
      'prisma/migrations',
      'coverage',
      '.local',
      'web/dist',
      'test-results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The web app runs in browsers: TypeScript itself checks its globals (window, document, …).
    files: ['web/**/*.{ts,tsx}'],
    rules: { 'no-undef': 'off' },
  },
  {
    // Tests read JSON responses whose shape the assertions themselves check.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The domain imports nothing from the other layers nor any framework (DESIGN §5).
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../../api/*',
                '../../chain/*',
                '../../db/*',
                '../../workers/*',
                '../../main/*',
                '../../sources/*',
              ],
              message: 'src/domain imports no other layer',
            },
            {
              group: ['@polkadot/*', 'fastify', '@fastify/*', 'bullmq', 'ioredis', '@prisma/*', 'pino', 'pg'],
              message: 'src/domain imports no framework',
            },
          ],
        },
      ],
    },
  },
);
