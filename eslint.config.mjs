// Lint is where the architecture's rules are enforced: which folder may import what, and which
// Electron window settings may never be weakened (see ../shared/ARCHITECTURE.md and STYLE.md).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import sdl from '@microsoft/eslint-plugin-sdl';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import reactHooks from 'eslint-plugin-react-hooks';
import i18next from 'eslint-plugin-i18next';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const NODE_FOLDERS_OF_SRC = ['db', 'records', 'record', 'bundles', 'transfer', 'pdf', 'booklet', 'ocr', 'reports', 'audit', 'host', 'cli', 'server', 'app', 'settings', 'files', 'release'];

const noNode = { paths: NODE_BUILTINS.map((name) => ({ name, message: 'This folder is neutral or DOM code: no Node modules.' })), patterns: [{ group: ['node:*'], message: 'No Node modules here.' }] };
const noElectron = { name: 'electron', message: 'Only main/ may import electron; the core must run without it.' };

// Weakened window settings, forbidden everywhere (the SDL plugin alone misses several of these).
const WEAKENED_WINDOW = [
  ['contextIsolation', false],
  ['sandbox', false],
  ['webSecurity', false],
  ['nodeIntegration', true],
  ['nodeIntegrationInWorker', true],
  ['nodeIntegrationInSubFrames', true],
  ['allowRunningInsecureContent', true],
  ['experimentalFeatures', true],
  ['webviewTag', true],
].map(([key, value]) => ({
  selector: `Property[key.name='${key}'][value.value=${value}]`,
  message: `${key}: ${value} weakens the window's isolation and is not allowed.`,
}));
const FORBIDDEN_SYNTAX = [
  ...WEAKENED_WINDOW,
  { selector: "Property[key.name='enableBlinkFeatures']", message: 'enableBlinkFeatures is not allowed.' },
  { selector: "CallExpression[callee.property.name='openDevTools']", message: 'DevTools are not opened by code.' },
];

export default tseslint.config(
  { ignores: ['.vite/**', 'out/**', 'node_modules/**', 'test-results/**', '.tmp/**', 'tmp/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...sdl.configs.common,
  ...sdl.configs.electron,
  ...sdl.configs.react,
  // DOM sinks exist only where the DOM does.
  { files: ['renderer/**', 'main/preload.ts'], ...noUnsanitized.configs.recommended },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      'no-restricted-syntax': ['error', ...FORBIDDEN_SYNTAX],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Loopback addresses are the point of browser mode; every other plain http URL is an error.
      '@microsoft/sdl/no-insecure-url': [
        'error',
        { exceptions: ['^http://127\\.0\\.0\\.1', '^http://localhost', '^ws://127\\.0\\.0\\.1', '^ws://localhost', '^http://www\\.w3\\.org/'] },
      ],
      // The browser-mode server sets its own HttpOnly cookie; document.cookie is never used.
      '@microsoft/sdl/no-cookies': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'src/ never imports main/ or renderer/.' }] }],
    },
  },
  {
    files: ['src/domain/**', 'src/api/**', 'src/i18n/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNode.paths],
          patterns: [
            ...noNode.patterns,
            { group: ['**/main/**', '**/renderer/**'], message: 'src/ never imports main/ or renderer/.' },
            { group: NODE_FOLDERS_OF_SRC.map((f) => `**/src/${f}/**`).concat(NODE_FOLDERS_OF_SRC.map((f) => `../${f}/**`)), message: 'Neutral code imports only domain, api and i18n.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNode.paths],
          patterns: [
            ...noNode.patterns,
            { group: ['**/main/**'], message: 'renderer/ talks to main only through the API client.' },
            { group: NODE_FOLDERS_OF_SRC.map((f) => `**/src/${f}/**`), message: 'renderer/ imports only src/domain, src/api and src/i18n.' },
          ],
        },
      ],
    },
  },
  {
    // Every text a user reads goes through t(): a word written straight into JSX is an error.
    files: ['renderer/**/*.tsx'],
    plugins: { i18next },
    rules: { 'i18next/no-literal-string': ['error', { mode: 'jsx-text-only', 'jsx-components': { exclude: [] }, words: { exclude: ['^[\\s\\d·:;,.%()\\[\\]/–—+×*#…!?←→↑↓▾▴−-]*$', '^[A-Z]{2,5}$'] } }] },
  },
  {
    // The browser stand-in is what `electron` resolves to in browser mode, and may use the DOM.
    files: ['renderer/bridge/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [...noNode.paths], patterns: noNode.patterns }] },
  },
  {
    files: ['main/preload.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['zod', '**/contract*', '**/src/*/!(bridge|errors|methods|result)*'], message: 'The preload stays tiny: names and results only.' }] },
      ],
    },
  },
  {
    files: ['tests/**', 'scripts/**', '*.config.*', 'forge.config.ts'],
    rules: { '@microsoft/sdl/no-insecure-url': 'off' },
  },
);
