import assert from 'node:assert/strict';
import { TokenhubError } from '../../../src/core/base/errors';
import type { Usage } from '../../../src/core/model/usage';
import type { AdversarialEvent, AdversarialEventOf, Phase } from '../../../src/core/orchestrator/events';
import { harness, type Harness } from '../router/harness';
import { collect, duo, outline, pair, sentMaxTokens, sentText, solo, trio } from './setup';

const TASK = { kind: 'general' as const, prompt: 'Design a cache for TASK-MARKER lookups.' };

/** The three counts of a usage (the fakes also report zero cached and reasoning tokens). */
const counts = ({ promptTokens, completionTokens, totalTokens }: Usage) => ({ promptTokens, completionTokens, totalTokens });

function ends(events: readonly AdversarialEvent[]): Record<Phase, AdversarialEventOf<'phase_end'>> {
  const found = events.filter((e): e is AdversarialEventOf<'phase_end'> => e.type === 'phase_end');
  return Object.fromEntries(found.map((e) => [e.phase, e])) as Record<Phase, AdversarialEventOf<'phase_end'>>;
}

function last(events: readonly AdversarialEvent[]): AdversarialEvent {
  const event = events[events.length - 1];
  assert.ok(event, 'no events');
  return event;
}

describe('orchestrator', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('runs plan → critique → refine in order, streaming each phase between its start and end', async () => {
    h = await duo();
    h.up.a!.reply({ chunks: ['PLAN-', 'TEXT one'], usage: { prompt: 10, completion: 4 } }).reply({ chunks: ['FINAL ', 'answer'], usage: { prompt: 30, completion: 2 } });
    h.up.b!.reply({ chunks: ['CRITIQUE-', 'TEXT'], usage: { prompt: 20, completion: 3 } });
    const events = await collect(h.tokenhub.orchestrator.run({ task: TASK }));
    assert.deepEqual(outline(events), [
      'phase_start:plan', 'delta:plan', 'phase_end:plan',
      'phase_start:critique', 'delta:critique', 'phase_end:critique',
      'phase_start:refine', 'delta:refine', 'phase_end:refine',
      'done',
    ]);
    const done = last(events);
    assert.equal(done.type, 'done');
    if (done.type !== 'done') return;
    assert.equal(done.final, 'FINAL answer');
    assert.deepEqual(done.phases.map((p) => p.text), ['PLAN-TEXT one', 'CRITIQUE-TEXT', 'FINAL answer']);
    assert.deepEqual(counts(done.usage), { promptTokens: 60, completionTokens: 9, totalTokens: 69 });
    assert.equal(done.costUsd, done.phases.reduce((sum, p) => sum + p.costUsd, 0));
    const deltas = events.filter((e) => e.type === 'delta' && e.phase === 'plan').map((e) => (e.type === 'delta' ? e.text : ''));
    assert.equal(deltas.join(''), 'PLAN-TEXT one');
    for (const end of Object.values(ends(events))) assert.ok(end.durationMs >= 0 && end.attempts === 1);
  });

  it('chains the prompts: critique sees the task and the plan, refine the task, the plan and the critique', async () => {
    h = await duo();
    h.up.a!.reply({ text: 'PLAN-TEXT' }).reply({ text: 'FINAL' });
    h.up.b!.reply({ text: 'CRITIQUE-TEXT' });
    await collect(h.tokenhub.orchestrator.run({ task: TASK }));
    const [planSent, refineSent] = h.up.a!.requests.map(sentText);
    const critiqueSent = sentText(h.up.b!.requests[0]!);
    assert.match(planSent!, /TASK-MARKER/);
    assert.doesNotMatch(planSent!, /PLAN-TEXT|CRITIQUE-TEXT/);
    assert.match(critiqueSent, /TASK-MARKER/);
    assert.match(critiqueSent, /PLAN-TEXT/);
    assert.doesNotMatch(critiqueSent, /CRITIQUE-TEXT/);
    for (const marker of [/TASK-MARKER/, /PLAN-TEXT/, /CRITIQUE-TEXT/]) assert.match(refineSent!, marker);
  });

  it('keeps the critic on another provider even when the planner\'s provider ranks higher, and refines with the planner', async () => {
    h = await duo();
    const events = await collect(h.tokenhub.orchestrator.run({ task: TASK }));
    const end = ends(events);
    assert.deepEqual([end.plan.model, end.critique.model, end.refine.model], ['alpha', 'bravo', 'alpha']);
    assert.deepEqual([end.plan.provider, end.critique.provider, end.refine.provider], ['a', 'b', 'a']);
    assert.equal(end.critique.fallback, false);
    assert.equal(h.up.b!.requests.length, 1);
  });

  it('with only one provider, the critic is a different model of it, and the phase says so', async () => {
    h = await solo();
    const events = await collect(h.tokenhub.orchestrator.run({ task: TASK }));
    const end = ends(events);
    assert.deepEqual([end.plan.model, end.critique.model, end.refine.model], ['alpha', 'alpha2', 'alpha']);
    assert.equal(end.critique.fallback, false);
    assert.match(end.critique.note ?? '', /only one provider/i);
  });

  it('uses an explicit planner (by provider model name) and critic (by registry id)', async () => {
    h = await duo();
    const events = await collect(h.tokenhub.orchestrator.run({ task: TASK, planner: 'claude-sonnet-4-5', critic: 'alpha2' }));
    const end = ends(events);
    assert.deepEqual([end.plan.model, end.critique.model, end.refine.model], ['bravo', 'alpha2', 'bravo']);
    assert.equal(h.up.b!.requests.length, 2);
    assert.equal((h.up.a!.requests[0]!.body as { model: string }).model, 'gpt-4o-mini');
  });

  it('reports an escalation inside a phase: the model that answered and the trail', async () => {
    h = await trio();
    h.up.a!.fail('server_error');
    const events = await collect(h.tokenhub.orchestrator.run({ task: TASK }));
    const end = ends(events);
    const start = events.find((e) => e.type === 'phase_start' && e.phase === 'plan');
    assert.equal(start?.type === 'phase_start' && start.model, 'bravo');
    assert.equal(end.plan.model, 'bravo');
    assert.equal(end.plan.attempts, 2);
    assert.deepEqual(end.plan.escalations.map((e) => [e.model, e.reason, e.attempted]), [['alpha', 'server', true]]);
    // The critic stays off b (the plan's provider); a is cooling down, so c answers.
    assert.equal(end.critique.model, 'charlie');
    assert.deepEqual(end.critique.escalations.map((e) => [e.model, e.reason]), [['alpha', 'cooling_down']]);
    assert.equal(end.refine.model, 'bravo');
  });

  it('falls back to the planner\'s provider (another model) only when no other provider can critique, and says so', async () => {
    h = await duo();
    h.up.b!.fail('server_error');
    const events = await collect(h.tokenhub.orchestrator.run({ task: TASK }));
    const end = ends(events);
    assert.equal(end.critique.model, 'alpha2');
    assert.equal(end.critique.fallback, true);
    assert.match(end.critique.note ?? '', /No other provider/);
    assert.deepEqual(end.critique.escalations.map((e) => [e.model, e.reason]), [['bravo', 'server']]);
    assert.equal(end.critique.attempts, 2);
    const start = events.find((e) => e.type === 'phase_start' && e.phase === 'critique');
    assert.equal(start?.type === 'phase_start' && start.fallback, true);
    assert.equal(end.refine.model, 'alpha');
  });

  it('ends with an error naming the phase when no critic can answer, the whole trail attached', async () => {
    h = await pair();
    h.up.b!.fail('server_error');
    const events = await collect(h.tokenhub.orchestrator.run({ task: TASK }));
    assert.deepEqual(outline(events), ['phase_start:plan', 'delta:plan', 'phase_end:plan', 'error:critique']);
    const error = last(events);
    assert.ok(error.type === 'error');
    assert.equal(error.code, 'unavailable');
    assert.equal(error.status, 502);
    assert.deepEqual(error.escalations?.map((e) => e.model), ['bravo']);
    assert.equal(h.up.a!.requests.length, 1);
  });

  it('asks for max_tokens per phase, or one number for all', async () => {
    h = await duo();
    await collect(h.tokenhub.orchestrator.run({ task: TASK, maxTokens: { plan: 111, critique: 222 } }));
    assert.equal(sentMaxTokens(h.up.a!.requests[0]!), 111);
    assert.equal(sentMaxTokens(h.up.b!.requests[0]!), 222);
    assert.equal(sentMaxTokens(h.up.a!.requests[1]!), undefined);
    await collect(h.tokenhub.orchestrator.run({ task: TASK, maxTokens: 77 }));
    assert.deepEqual([h.up.a!.requests[2], h.up.b!.requests[1], h.up.a!.requests[3]].map((r) => sentMaxTokens(r!)), [77, 77, 77]);
  });

  it('refuses an unknown planner or critic before any upstream request', async () => {
    h = await duo();
    for (const request of [{ planner: 'nope' }, { critic: 'nope' }]) {
      const events = await collect(h.tokenhub.orchestrator.run({ task: TASK, ...request }));
      assert.equal(events.length, 1);
      const [error] = events;
      assert.ok(error?.type === 'error');
      assert.equal(error.code, 'bad_request');
      assert.equal(error.status, 404);
      assert.equal(error.phase, undefined);
    }
    assert.equal(h.up.a!.requests.length + h.up.b!.requests.length, 0);
  });

  it('refuses a named critic without chat before any upstream request', async () => {
    h = await harness([{ name: 'a', dialect: 'openai' }], [{ id: 'alpha', provider: 'a' }, { id: 'embed', provider: 'a', capabilities: ['completion'] }]);
    const [error, ...rest] = await collect(h.tokenhub.orchestrator.run({ task: TASK, critic: 'embed' }));
    assert.ok(error?.type === 'error' && error.code === 'bad_request' && error.status === 400);
    assert.equal(rest.length, 0);
    assert.equal(h.up.a!.requests.length, 0);
  });

  it('cancels mid-plan: aborts the upstream request at once, ends with cancelled, runs no further phase', async () => {
    h = await duo();
    h.up.a!.fail('stall', { afterChunks: 1 });
    const controller = new AbortController();
    const events: AdversarialEvent[] = [];
    for await (const event of h.tokenhub.orchestrator.run({ task: TASK, signal: controller.signal })) {
      events.push(event);
      if (event.type === 'delta') controller.abort();
    }
    await h.up.a!.last.aborted;
    assert.deepEqual(outline(events), ['phase_start:plan', 'delta:plan', 'error:plan']);
    const error = last(events);
    assert.ok(error.type === 'error' && error.code === 'cancelled');
    assert.equal(h.up.b!.requests.length, 0);
  });

  it('cancels mid-critique the same way: the critic\'s request is aborted and refine never starts', async () => {
    h = await duo();
    h.up.b!.fail('stall', { afterChunks: 1 });
    const controller = new AbortController();
    const run = h.tokenhub.orchestrator.complete({ task: TASK, signal: controller.signal }, (event) => {
      if (event.type === 'delta' && event.phase === 'critique') controller.abort();
    });
    await assert.rejects(run, (error: unknown) => error instanceof TokenhubError && error.code === 'cancelled');
    await h.up.b!.last.aborted;
    assert.equal(h.up.a!.requests.length, 1);
  });

  it('a consumer that stops reading cancels the run and aborts the upstream request', async () => {
    h = await duo();
    h.up.a!.fail('stall', { afterChunks: 1 });
    for await (const event of h.tokenhub.orchestrator.run({ task: TASK })) {
      if (event.type === 'delta') break;
    }
    await h.up.a!.last.aborted;
    assert.equal(h.up.b!.requests.length, 0);
  });

  it('complete() resolves with the same result as the done event', async () => {
    h = await duo();
    const result = await h.tokenhub.orchestrator.complete({ task: TASK });
    assert.deepEqual(result.phases.map((p) => p.phase), ['plan', 'critique', 'refine']);
    assert.equal(result.final, result.phases[2]!.text);
  });
});
