/** Every command Tokenhub contributes, with the title package.json gives it (category "Tokenhub"). */
export const commandTitles = {
  'tokenhub.ask': 'Ask…',
  'tokenhub.openConversation': 'Open Recent Conversation…',
  'tokenhub.adversarialReviewSelection': 'Adversarial Review of Selection',
  'tokenhub.runAdversarial': 'Run Adversarial Orchestration…',
  'tokenhub.addProvider': 'Add Provider…',
  'tokenhub.manageProviders': 'Manage Providers…',
  'tokenhub.setApiKey': 'Set API Key…',
  'tokenhub.removeApiKey': 'Remove API Key…',
  'tokenhub.exportVault': 'Export Vault…',
  'tokenhub.importVault': 'Import Vault…',
  'tokenhub.startLocalApi': 'Start Local API',
  'tokenhub.stopLocalApi': 'Stop Local API',
  'tokenhub.copyLocalApiToken': 'Copy Local API Token',
  'tokenhub.copyConnectionSnippet': 'Copy Connection Snippet…',
  'tokenhub.showModels': 'Show Models',
  'tokenhub.showLog': 'Show Log',
  'tokenhub.showFailureDetails': 'Show Last Failure Details',
  'tokenhub.applyProposal': 'Apply Proposed Change',
  'tokenhub.discardProposal': 'Discard Proposed Change',
  'tokenhub.getStarted': 'Get Started',
} as const;

export type CommandId = keyof typeof commandTitles;
