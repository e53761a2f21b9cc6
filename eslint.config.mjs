// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/**
 * Process zones are folders; these rules keep the import direction:
 * shared imports nothing environment-specific, renderer imports only shared,
 * main/preload never import the renderer, and only the Electron shell files
 * of main import `electron`.
 */
const electronShellFiles = ['src/main/index.ts', 'src/main/electron/**/*.ts']

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-output/**',
      'test-results/**',
      'playwright-report/**',
      'bench-output/**',
      'tests/fixtures/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.mjs', 'scripts/*.mjs', 'bin/*.cjs']
        },
        tsconfigRootDir: import.meta.dirname
      },
      globals: { ...globals.node }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } }
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='waitForTimeout']",
          message: 'Wait for a condition, not for time.'
        },
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }
      ]
    }
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'scripts/**/*.mjs', 'bin/**'],
    ...tseslint.configs.disableTypeChecked
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    files: ['*.config.ts', '*.config.mjs', 'eslint.config.mjs', 'tests/helpers/globalSetup.ts'],
    rules: { 'no-restricted-syntax': 'off' }
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'shared is environment-free.'
            },
            {
              group: ['electron', 'node:*', 'fs', 'path', 'better-sqlite3', 'react', 'react-dom'],
              message: 'shared is environment-free.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: electronShellFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', '**/preload/**'],
              message: 'main never imports the renderer or preload.'
            },
            {
              group: ['electron'],
              message:
                'Domain modules of main run in plain Node: only src/main/index.ts and src/main/electron/ import electron.'
            }
          ]
        }
      ]
    }
  },
  {
    files: electronShellFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**'], message: 'main never imports the renderer.' }] }
      ]
    }
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', '**/main/**'],
              message: 'preload builds window.api from the contract, nothing else.'
            },
            {
              group: ['node:*', 'fs', 'child_process', 'path'],
              message: 'No Node inside the bridge.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'tests/unit/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // TanStack Virtual's useVirtualizer is the documented case: the React
      // Compiler skips those components, which is what we want for them.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', '!**/preload/api'],
              message: 'The renderer talks only to window.api and imports only shared.'
            },
            {
              group: ['electron', 'node:*', 'fs', 'path', 'better-sqlite3'],
              message: 'The renderer runs in a sandbox.'
            }
          ]
        }
      ]
    }
  }
)
