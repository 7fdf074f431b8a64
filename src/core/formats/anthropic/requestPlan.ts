import type { ChatRequest, ReasoningEffort, ToolDefinition } from '../../model/request';
import { BUDGET_FOR_EFFORT, MIN_THINKING_BUDGET, effortForBudget } from '../reasoning';
import { cacheControl } from './encodeMessages';
import type { ConversationFacts } from './encodeMessages';
import type { IssueList } from './validate';
import type { AnthropicEffort, AnthropicThinking, AnthropicTool, AnthropicToolChoice } from './wire';

/**
 * The request's options → Anthropic's, with every field that has no Anthropic form (or that
 * Anthropic's rules make yield) named in `issues`. Shared by encoding and checking, so that a
 * check names exactly what an encoding would leave out.
 */

/** What the plan needs to know of the target model. */
export interface PlanTarget {
  defaultMaxTokens: number;
  /** The model has structured outputs (`output_config.format`); otherwise a forced tool carries JSON. */
  nativeJson?: boolean;
  /**
   * How the model takes thinking: `budget` (`{type:"enabled", budget_tokens}`, Claude 4.5 and
   * earlier; the default) or `adaptive` (`{type:"adaptive"}` with `output_config.effort`, Claude
   * 4.6 and later; Opus 4.7 and later refuse a budget).
   */
  thinking?: 'budget' | 'adaptive';
  /** False for models that refuse `temperature`, `top_p` and `top_k` (Opus 4.7 and later). Default true. */
  sampling?: boolean;
}

/** The name of the forced tool that carries a JSON answer (a suffix keeps it apart from the client's tools). */
export const JSON_TOOL_NAME = 'json_answer';

/** Anthropic's options for one request, decided. */
export interface RequestPlan {
  maxTokens: number;
  tools?: AnthropicTool[];
  toolChoice?: AnthropicToolChoice;
  jsonTool?: string;
  format?: { type: 'json_schema'; schema: Record<string, unknown> };
  thinking?: AnthropicThinking;
  effort?: AnthropicEffort;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  user?: string;
}

/** Anthropic's efforts (`minimal` has none; `low` is the nearest). */
const ANTHROPIC_EFFORT: Readonly<Record<Exclude<ReasoningEffort, 'none'>, AnthropicEffort>> = { minimal: 'low', low: 'low', medium: 'medium', high: 'high', xhigh: 'xhigh' };

/** Anthropic's limit on `top_p` while thinking. */
const MIN_TOP_P_WITH_THINKING = 0.95;

/** Decides Anthropic's options for `request` and names what cannot be carried. */
export function planRequest(request: ChatRequest, target: PlanTarget, facts: ConversationFacts, issues: IssueList): RequestPlan {
  noAnthropicForm(request, issues);
  const plan: RequestPlan = { maxTokens: request.maxTokens ?? target.defaultMaxTokens };
  planTools(request, target, facts, plan);
  planThinking(request, target, facts, plan, issues);
  planSampling(request, target, plan, issues);
  if (request.user !== undefined && request.user !== '') plan.user = request.user;
  return plan;
}

/** Options that Anthropic lacks: those that leave a valid answer are dropped, the others refused. */
function noAnthropicForm(request: ChatRequest, issues: IssueList): void {
  if (request.seed !== undefined) issues.add('seed', 'drop', 'Anthropic has no seed');
  if (request.presencePenalty !== undefined) issues.add('presence_penalty', 'drop', 'Anthropic has no presence penalty');
  if (request.frequencyPenalty !== undefined) issues.add('frequency_penalty', 'drop', 'Anthropic has no frequency penalty');
  if (request.logprobs) issues.add('logprobs', 'refuse', 'Anthropic cannot return log probabilities');
  if (request.topLogprobs !== undefined) issues.add('top_logprobs', 'refuse', 'Anthropic cannot return log probabilities');
  if (request.logitBias && Object.keys(request.logitBias).length > 0) issues.add('logit_bias', 'refuse', 'Anthropic has no logit bias');
  if (request.n !== undefined && request.n > 1) issues.add('n', 'refuse', 'Anthropic generates one choice');
}

function toolOf(tool: ToolDefinition): AnthropicTool {
  // Anthropic requires an object schema; OpenAI clients may send `{}` for a tool without parameters.
  const schema = tool.parameters.type === undefined ? { type: 'object', ...tool.parameters } : tool.parameters;
  const out: AnthropicTool = { name: tool.name, input_schema: schema };
  if (tool.description !== undefined) out.description = tool.description;
  if (tool.strict !== undefined) out.strict = tool.strict;
  if (tool.cache) out.cache_control = cacheControl(tool.cache);
  return out;
}

function planTools(request: ChatRequest, target: PlanTarget, facts: ConversationFacts, plan: RequestPlan): void {
  const tools = (request.tools ?? []).map(toolOf);
  const choice = request.toolChoice;
  const format = request.responseFormat;
  if (format?.type === 'json_schema' && target.nativeJson) {
    plan.format = { type: 'json_schema', schema: format.schema };
  } else if (format?.type === 'json_schema' || format?.type === 'json_object') {
    let name = JSON_TOOL_NAME;
    for (let n = 2; tools.some((tool) => tool.name === name); n++) name = `${JSON_TOOL_NAME}_${n}`;
    const jsonTool: AnthropicTool = {
      name,
      description: format.type === 'json_schema' && format.description ? format.description : 'Give your answer as this tool\'s input.',
      input_schema: format.type === 'json_schema' ? format.schema : { type: 'object' },
    };
    if (format.type === 'json_schema' && format.strict !== undefined) jsonTool.strict = format.strict;
    const offered = tools.length > 0;
    tools.push(jsonTool);
    plan.jsonTool = name;
    plan.tools = tools;
    // The answer must be JSON: the model calls the client's tools or answers through this one.
    if (choice?.type === 'tool') plan.toolChoice = { type: 'tool', name: choice.name };
    else plan.toolChoice = offered && choice?.type !== 'none' ? { type: 'any' } : { type: 'tool', name };
  } else if (tools.length > 0) {
    plan.tools = tools;
    if (choice?.type === 'auto' || choice?.type === 'none') plan.toolChoice = { type: choice.type };
    else if (choice?.type === 'required') plan.toolChoice = { type: 'any' };
    else if (choice?.type === 'tool') plan.toolChoice = { type: 'tool', name: choice.name };
  } else if (facts.calledTools.length > 0) {
    // Anthropic refuses tool blocks in a request that defines no tools: the called ones are
    // defined again, and not offered.
    plan.tools = facts.calledTools.map((name) => ({ name, description: 'No longer offered.', input_schema: { type: 'object' } }));
    plan.toolChoice = { type: 'none' };
  }
  if (request.parallelToolCalls === false && plan.tools) {
    plan.toolChoice ??= { type: 'auto' };
    if (plan.toolChoice.type !== 'none') plan.toolChoice.disable_parallel_tool_use = true;
  }
}

function planThinking(request: ChatRequest, target: PlanTarget, facts: ConversationFacts, plan: RequestPlan, issues: IssueList): void {
  const reasoning = request.reasoning;
  if (!reasoning) return;
  if (reasoning.effort === 'none') {
    plan.thinking = { type: 'disabled' };
    return;
  }
  const effort = reasoning.effort;
  const budget = reasoning.budgetTokens ?? (effort ? BUDGET_FOR_EFFORT[effort] : undefined);
  if (budget === undefined && !reasoning.adaptive) return;
  const adaptive = reasoning.adaptive === true || target.thinking === 'adaptive';
  const display = reasoning.summary !== undefined ? { display: 'summarized' as const } : {};

  // Forced tool use and thinking exclude each other; what the answer must be wins.
  if (plan.toolChoice?.type === 'any' || plan.toolChoice?.type === 'tool') {
    issues.add('thinking', 'drop', 'Anthropic cannot think when a tool must be called');
    return;
  }
  if (facts.lostThinking) {
    issues.add('thinking', 'drop', 'the tool-use turn being continued has no signed thinking (it came from another vendor); Anthropic would refuse thinking');
    return;
  }
  if (adaptive) {
    plan.thinking = { type: 'adaptive', ...display };
    const wanted = effort ?? (reasoning.budgetTokens !== undefined ? effortForBudget(reasoning.budgetTokens) : undefined);
    if (wanted) plan.effort = ANTHROPIC_EFFORT[wanted];
    // Thinking counts against max_tokens: room for it when the client named no limit.
    if (request.maxTokens === undefined) plan.maxTokens = target.defaultMaxTokens + BUDGET_FOR_EFFORT[wanted ?? 'medium'];
  } else {
    let fitted = budget!;
    if (request.maxTokens === undefined) plan.maxTokens = fitted + target.defaultMaxTokens;
    else fitted = Math.min(fitted, request.maxTokens - 1);
    if (fitted < MIN_THINKING_BUDGET) {
      issues.add('thinking', 'drop', `max_tokens leaves no room for Anthropic's smallest thinking budget (${MIN_THINKING_BUDGET})`);
      return;
    }
    plan.thinking = { type: 'enabled', budget_tokens: fitted, ...display };
  }
}

function planSampling(request: ChatRequest, target: PlanTarget, plan: RequestPlan, issues: IssueList): void {
  let { temperature, topP, topK } = request;
  if (target.sampling === false) {
    for (const [field, value] of [['temperature', temperature], ['top_p', topP], ['top_k', topK]] as const) {
      if (value !== undefined) issues.add(field, 'drop', 'this model takes no sampling parameters');
    }
    temperature = topP = topK = undefined;
  }
  const thinking = plan.thinking !== undefined && plan.thinking.type !== 'disabled';
  if (thinking) {
    if (temperature !== undefined) issues.add('temperature', 'drop', 'Anthropic takes no temperature while thinking');
    if (topK !== undefined) issues.add('top_k', 'drop', 'Anthropic takes no top_k while thinking');
    if (topP !== undefined && topP < MIN_TOP_P_WITH_THINKING) issues.add('top_p', 'drop', `Anthropic takes top_p of ${MIN_TOP_P_WITH_THINKING} or more while thinking`);
    temperature = topK = undefined;
    if (topP !== undefined && topP < MIN_TOP_P_WITH_THINKING) topP = undefined;
  }
  if (temperature !== undefined && temperature > 1) {
    issues.add('temperature', 'drop', 'Anthropic takes a temperature from 0 to 1; sent as 1');
    temperature = 1;
  }
  if (temperature !== undefined && topP !== undefined) {
    issues.add('top_p', 'drop', 'Anthropic takes temperature or top_p, not both; temperature was kept');
    topP = undefined;
  }
  if (temperature !== undefined) plan.temperature = temperature;
  if (topP !== undefined) plan.topP = topP;
  if (topK !== undefined) plan.topK = topK;
  if (request.stop && request.stop.length > 0) {
    const stop = request.stop.filter((sequence) => sequence.trim() !== '');
    if (stop.length < request.stop.length) issues.add('stop', 'drop', 'Anthropic refuses stop sequences of whitespace only');
    if (stop.length > 0) plan.stop = stop;
  }
}
