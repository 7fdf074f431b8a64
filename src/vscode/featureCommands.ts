import type { CommandId } from './commandIds';
import type { CommandContext, Handler } from './commands';
import { notYet } from './commands';

type FeatureCommandId = Exclude<
  CommandId,
  'tokenhub.setApiKey' | 'tokenhub.removeApiKey' | 'tokenhub.exportVault' | 'tokenhub.importVault' | 'tokenhub.showLog'
>;

/** Ask, adversarial review and orchestration, the local API and the models view. */
export function featureHandlers(_context: CommandContext): Record<FeatureCommandId, Handler> {
  return {
    'tokenhub.ask': notYet('tokenhub.ask'),
    'tokenhub.adversarialReviewSelection': notYet('tokenhub.adversarialReviewSelection'),
    'tokenhub.runAdversarial': notYet('tokenhub.runAdversarial'),
    'tokenhub.startLocalApi': notYet('tokenhub.startLocalApi'),
    'tokenhub.stopLocalApi': notYet('tokenhub.stopLocalApi'),
    'tokenhub.copyLocalApiToken': notYet('tokenhub.copyLocalApiToken'),
    'tokenhub.showModels': notYet('tokenhub.showModels'),
  };
}
