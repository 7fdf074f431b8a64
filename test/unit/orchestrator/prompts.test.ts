import assert from 'node:assert/strict';
import { textOf } from '../../../src/core/model/content';
import { PHASES } from '../../../src/core/orchestrator/events';
import { PHASE_PROMPTS, fill, phaseMessages, renderTask, type AdversarialTask } from '../../../src/core/orchestrator/prompts';

const general: AdversarialTask = { kind: 'general', prompt: 'Write a rate limiter.' };
const review: AdversarialTask = { kind: 'review', fileName: 'src/limit.ts', language: 'typescript', code: 'const x = 1;', instruction: 'Focus on races.' };

describe('orchestrator: prompts', () => {
  it('fills every template of every variant, with no placeholder left', () => {
    for (const task of [general, review]) {
      for (const phase of PHASES) {
        const messages = phaseMessages(phase, task, { plan: 'P', critique: 'C' });
        assert.deepEqual(messages.map((m) => m.role), ['system', 'user']);
        for (const m of messages) {
          assert.ok(textOf(m.content).trim().length > 0);
          assert.doesNotMatch(textOf(m.content), /\{\{\w+\}\}/, `${task.kind}/${phase}`);
        }
      }
    }
    assert.deepEqual(Object.keys(PHASE_PROMPTS), ['general', 'review']);
  });

  it('chains: the plan sees the task only, critique adds the plan, refine adds the critique', () => {
    for (const task of [general, review]) {
      const [plan, critique, refine] = PHASES.map((phase) => textOf(phaseMessages(phase, task, { plan: 'PLAN-X', critique: 'CRIT-Y' })[1]!.content));
      assert.doesNotMatch(plan!, /PLAN-X|CRIT-Y/);
      assert.match(critique!, /PLAN-X/);
      assert.doesNotMatch(critique!, /CRIT-Y/);
      assert.match(refine!, /PLAN-X[\s\S]*CRIT-Y/);
    }
  });

  it('the review variant names the file and language, and holds the code in a fence it cannot close', () => {
    const code = 'const s = `a`;\n```\nnot the end\n```';
    const text = renderTask({ ...review, code });
    assert.match(text, /src\/limit\.ts/);
    assert.match(text, /typescript/);
    assert.match(text, /Focus on races\./);
    assert.ok(text.includes('````typescript\n' + code + '\n````'));
  });

  it('fills in one pass: text that comes in is never read as a template', () => {
    const messages = phaseMessages('critique', { kind: 'general', prompt: 'say {{plan}}' }, { plan: 'the {{critique}} plan' });
    assert.match(textOf(messages[1]!.content), /say \{\{plan\}\}/);
    assert.match(textOf(messages[1]!.content), /the \{\{critique\}\} plan/);
    assert.throws(() => fill('{{nope}}', {}), /unknown placeholder/);
  });
});
