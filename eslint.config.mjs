// Type-aware lint with the house boundaries (STYLE.md): services never import services;
// kafkajs, ioredis, smpp and grpc-js only inside their adapter packages; the core imports no I/O.
import tseslint from 'typescript-eslint';

const noImport = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.length ? [{ group: patterns, message }] : [],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'packages/proto/src/gen/**',
      '.smsgw/**',
      'eslint.config.mjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['scripts/*.mjs', 'packages/cli/bin/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['services/**/*.ts'],
    rules: noImport(
      ['kafkajs', 'ioredis', 'smpp', '@grpc/grpc-js'],
      [
        '@smsgw/ingress*',
        '@smsgw/compliance*',
        '@smsgw/dispatcher*',
        '@smsgw/smsc-simulator*',
        '../../*/src/*',
      ],
      'services never import services, and use kafkajs/ioredis/smpp only through @smsgw/kafka, @smsgw/redis, @smsgw/smpp',
    ),
  },
  {
    files: ['packages/core/**/*.ts'],
    rules: noImport(
      ['kafkajs', 'ioredis', 'smpp', 'opossum', 'node:net', 'node:http', 'node:fs'],
      ['@grpc/*', '@smsgw/*'],
      'the domain core is pure: no I/O libraries, no other packages',
    ),
  },
  {
    files: ['packages/!(kafka)/**/*.ts', 'test/**/*.ts'],
    rules: noImport(['kafkajs'], [], 'kafkajs is used only inside @smsgw/kafka'),
  },
  {
    files: ['packages/!(redis)/**/*.ts', 'test/**/*.ts'],
    rules: noImport(['ioredis'], [], 'ioredis is used only inside @smsgw/redis'),
  },
  {
    files: [
      'scripts/**',
      'test/bench/**/*.ts',
      'test/chaos/**/*.ts',
      'packages/local-stack/**/*.ts',
      'vitest.*.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
);
