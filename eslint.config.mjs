// Layers held by tools: only src/vscode and the in-host tests may import `vscode`.
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Only src/vscode may import vscode: the core, the shared protocol, the CLI and the webview run without it.' }],
    patterns: [{ group: ['**/vscode/**', '../vscode', '../../vscode'], message: 'Layers: this code may not depend on the VS Code layer.' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.host/**', '.vscode-test/**', '.bench-out/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-debugger': 'error',
    },
  },
  { files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/cli/**/*.ts', 'media/**/*.ts', 'test/unit/**/*.ts', 'bench/**/*.ts'], rules: noVscode },
);
