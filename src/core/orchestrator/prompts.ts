import type { Message } from '../model/content';
import { textMessage } from '../model/content';
import type { Phase } from './events';

/**
 * What the orchestration works on: a free task ("Run Adversarial Orchestration…", the HTTP
 * route), or a piece of code selected in an editor ("Adversarial Review of Selection").
 */
export type AdversarialTask =
  /** A user's prompt, used as the task as it is. */
  | { kind: 'general'; prompt: string }
  /** Selected code to review; `instruction` narrows the review (e.g. "focus on error handling"). */
  | { kind: 'review'; fileName: string; language: string; code: string; instruction?: string };

/** One phase's messages, as templates: `{{name}}` is replaced once, never recursively. */
export interface PhasePrompt {
  system: string;
  user: string;
}

/**
 * How each kind of task reads inside the phase prompts (`{{task}}`). Review fills `{{fileName}}`,
 * `{{language}}`, `{{code}}`, `{{instruction}}` and `{{fence}}` (a backtick run longer than any
 * in the code, so selected code cannot close its own block).
 */
export const TASK_TEMPLATES: Record<AdversarialTask['kind'], string> = {
  general: '{{prompt}}',
  review:
    'Review this {{language}} code, selected from the file {{fileName}}.{{instruction}}\n\n' +
    '{{fence}}{{language}}\n{{code}}\n{{fence}}',
};

const PLANNER = 'You are the planner in a plan, critique, refine exchange between two independent models.';
const CRITIC =
  'You are the critic in a plan, critique, refine exchange. Another model wrote the plan; you did not. ' +
  'Your job is to find what is wrong with it, not to be agreeable.';

/**
 * Each phase's prompts, by kind of task. The chain: critique sees the task and the plan; refine
 * sees the task, the plan and the critique (`{{task}}`, `{{plan}}`, `{{critique}}`).
 */
export const PHASE_PROMPTS: Record<AdversarialTask['kind'], Record<Phase, PhasePrompt>> = {
  general: {
    plan: {
      system: `${PLANNER} Write a complete, concrete answer to the task: the approach, the steps, and the reasoning a reviewer needs to check it.`,
      user: 'Task:\n{{task}}',
    },
    critique: {
      system: `${CRITIC} Point out errors, gaps, risky assumptions, missed edge cases and simpler alternatives. Be specific, cite the part of the plan you mean, and rank the problems by how much they matter.`,
      user: 'Task:\n{{task}}\n\nPlan to critique:\n{{plan}}',
    },
    refine: {
      system: `${PLANNER} A critic has reviewed your plan. Write the final answer to the task: fix every valid point of the critique, and keep what the critique got wrong as it was. Give the answer itself, not a discussion of the critique.`,
      user: 'Task:\n{{task}}\n\nYour plan:\n{{plan}}\n\nCritique:\n{{critique}}',
    },
  },
  review: {
    plan: {
      system: `${PLANNER} Review the code: list its defects (bugs, security problems, unclear or fragile parts) with the lines they concern, and propose a concrete fix for each.`,
      user: '{{task}}',
    },
    critique: {
      system: `${CRITIC} Check the review: findings that are wrong or overstated, defects it missed, and fixes that would break something or are not the simplest. Be specific about lines.`,
      user: '{{task}}\n\nReview to critique:\n{{plan}}',
    },
    refine: {
      system: `${PLANNER} A critic has checked your review. Write the final review: keep the findings that hold, drop the ones shown wrong, add the missed ones, and give the corrected code where a fix is needed.`,
      user: '{{task}}\n\nYour review:\n{{plan}}\n\nCritique:\n{{critique}}',
    },
  },
};

/** The texts a phase builds on: the earlier phases' answers. */
export interface PhaseInputs {
  plan?: string;
  critique?: string;
}

/** The chat messages of one phase, with the task and the earlier answers filled in. */
export function phaseMessages(phase: Phase, task: AdversarialTask, inputs: PhaseInputs = {}): Message[] {
  const prompt = PHASE_PROMPTS[task.kind][phase];
  const vars = { task: renderTask(task), plan: inputs.plan ?? '', critique: inputs.critique ?? '' };
  return [
    textMessage('system', fill(prompt.system, vars)),
    textMessage('user', fill(prompt.user, vars)),
  ];
}

/** The task as it reads inside the phase prompts. */
export function renderTask(task: AdversarialTask): string {
  if (task.kind === 'general') return fill(TASK_TEMPLATES.general, { prompt: task.prompt });
  const instruction = task.instruction?.trim() ? ` ${task.instruction.trim()}` : '';
  return fill(TASK_TEMPLATES.review, {
    fileName: task.fileName,
    language: task.language,
    code: task.code,
    instruction,
    fence: fenceFor(task.code),
  });
}

/**
 * Replaces each `{{name}}` in one pass, so text that comes in (a prompt, a plan) is never read
 * as a template itself. An unknown name is a bug in the templates, so it throws.
 */
export function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`Prompt template uses an unknown placeholder {{${name}}}.`);
    return value;
  });
}

/** A backtick fence longer than the longest backtick run in the code (at least three); Ask's prompts use it too. */
export function fenceFor(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}
