import assert from 'node:assert/strict';
import type { AdversarialEvent, PhaseResult } from '../../../src/core/orchestrator/events';
import { applyEvent, initialSnapshot, type AdversarialSnapshot } from '../../../src/core/orchestrator/state';
import type { Harness } from '../router/harness';
import { collect, duo } from './setup';

function freeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const inner of Object.values(value)) freeze(inner);
  }
  return value;
}

const usage = { promptTokens: 3, completionTokens: 2, totalTokens: 5 };
const planEnd: PhaseResult = { phase: 'plan', model: 'alpha', provider: 'a', escalations: [], fallback: false, text: 'ab', usage, costUsd: 0.5, durationMs: 7, attempts: 1 };

/** Every snapshot along the events; checks on the way that applying an event changes no earlier one. */
function fold(events: readonly AdversarialEvent[]): AdversarialSnapshot[] {
  const snapshots = [freeze(initialSnapshot())];
  for (const event of events) {
    const previous = snapshots[snapshots.length - 1]!;
    const before = JSON.stringify(previous);
    snapshots.push(freeze(applyEvent(previous, event)));
    assert.equal(JSON.stringify(previous), before);
  }
  return snapshots;
}

describe('orchestrator: snapshot reducer', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('starts running with three pending phases', () => {
    const s = initialSnapshot();
    assert.equal(s.status, 'running');
    assert.deepEqual(s.phases.map((p) => [p.phase, p.status, p.text]), [['plan', 'pending', ''], ['critique', 'pending', ''], ['refine', 'pending', '']]);
  });

  it('builds complete snapshots from a real run without changing earlier ones', async () => {
    h = await duo();
    h.up.a!.reply({ chunks: ['pl', 'an'], chunkDelayMs: 20 }).reply({ chunks: ['fin', 'al'] });
    h.up.b!.reply({ chunks: ['cri', 'tique'] });
    const events = await collect(h.tokenhub.orchestrator.run({ task: { kind: 'general', prompt: 'x' } }));
    const snapshots = fold(events);
    snapshots.forEach((s, i) => assert.equal(s.seq, i));
    const midPlan = snapshots[events.findIndex((e) => e.type === 'delta') + 1]!;
    assert.deepEqual([midPlan.phases[0]!.status, midPlan.phases[0]!.text, midPlan.phases[0]!.model], ['streaming', 'pl', 'alpha']);
    const end = snapshots[snapshots.length - 1]!;
    const done = events[events.length - 1]!;
    assert.ok(done.type === 'done');
    assert.equal(end.status, 'done');
    assert.equal(end.final, 'final');
    assert.deepEqual(end.phases.map((p) => [p.status, p.model, p.provider, p.text]), [['done', 'alpha', 'a', 'plan'], ['done', 'bravo', 'b', 'critique'], ['done', 'alpha', 'a', 'final']]);
    end.phases.forEach((p, i) => {
      const result = done.phases[i]!;
      assert.deepEqual([p.usage, p.costUsd, p.durationMs, p.attempts], [result.usage, result.costUsd, result.durationMs, result.attempts]);
    });
    assert.deepEqual(end.usage, done.usage);
    assert.equal(end.costUsd, done.costUsd);
  });

  it('keeps running totals as phases end', () => {
    const [, , afterPlan] = fold([{ type: 'phase_start', ...planEnd }, { type: 'phase_end', ...planEnd }]);
    assert.deepEqual(afterPlan!.usage, usage);
    assert.equal(afterPlan!.costUsd, 0.5);
    assert.equal(afterPlan!.status, 'running');
  });

  it('a failure marks its phase failed with the trail and the rest skipped', () => {
    const escalations = [{ model: 'bravo', provider: 'b', reason: 'server' as const, attempted: true }];
    const s = fold([
      { type: 'phase_start', ...planEnd },
      { type: 'phase_end', ...planEnd },
      { type: 'error', phase: 'critique', code: 'unavailable', message: 'Every candidate failed.', escalations },
    ]).pop()!;
    assert.equal(s.status, 'failed');
    assert.deepEqual(s.phases.map((p) => p.status), ['done', 'failed', 'skipped']);
    assert.deepEqual(s.phases[1]!.escalations, escalations);
    assert.deepEqual(s.error, { phase: 'critique', code: 'unavailable', message: 'Every candidate failed.' });
  });

  it('a cancel mid-phase keeps the partial text and marks the run cancelled', () => {
    const s = fold([
      { type: 'phase_start', ...planEnd },
      { type: 'delta', phase: 'plan', text: 'half' },
      { type: 'error', phase: 'plan', code: 'cancelled', message: 'The request was cancelled.' },
    ]).pop()!;
    assert.equal(s.status, 'cancelled');
    assert.deepEqual(s.phases.map((p) => [p.status, p.text]), [['cancelled', 'half'], ['skipped', ''], ['skipped', '']]);
  });

  it('an error before any phase skips all three; events after the end only raise seq', () => {
    const [, failed, after] = fold([
      { type: 'error', code: 'bad_request', message: 'Unknown planner model "x".' },
      { type: 'delta', phase: 'plan', text: 'late' },
    ]);
    assert.deepEqual(failed!.phases.map((p) => p.status), ['skipped', 'skipped', 'skipped']);
    assert.equal(after!.seq, 2);
    assert.deepEqual(after!.phases, failed!.phases);
  });
});
