/** Every command Tokenhub contributes, with the title package.json gives it (category "Tokenhub"). */
export const commandTitles = {
  'tokenhub.ask': 'Ask…',
  'tokenhub.adversarialReviewSelection': 'Adversarial Review of Selection',
  'tokenhub.runAdversarial': 'Run Adversarial Orchestration…',
  'tokenhub.setApiKey': 'Set API Key…',
  'tokenhub.removeApiKey': 'Remove API Key…',
  'tokenhub.exportVault': 'Export Vault…',
  'tokenhub.importVault': 'Import Vault…',
  'tokenhub.startLocalApi': 'Start Local API',
  'tokenhub.stopLocalApi': 'Stop Local API',
  'tokenhub.copyLocalApiToken': 'Copy Local API Token',
  'tokenhub.showModels': 'Show Models',
  'tokenhub.showLog': 'Show Log',
  'tokenhub.manageProviders': 'Manage Providers…',
} as const;

export type CommandId = keyof typeof commandTitles;
