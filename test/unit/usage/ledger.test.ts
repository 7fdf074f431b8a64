import assert from 'node:assert/strict';
import type { ModelEntry } from '../../../src/core/registry/model';
import { usageCost } from '../../../src/core/usage/cost';
import { localDate, UsageLedger } from '../../../src/core/usage/ledger';

const split: ModelEntry = { id: 'gpt-4o', provider: 'openai', name: 'gpt-4o', weight: 80, costPer1k: 0.004375, inputCostPer1k: 0.0025, outputCostPer1k: 0.01, contextSize: 128000, capabilities: ['chat'] };
const blended: ModelEntry = { id: 'local', provider: 'vllm', name: 'qwen', weight: 50, costPer1k: 0.002, contextSize: 32000, capabilities: ['chat'] };

function clockAt(date: Date) {
  let now = date.getTime();
  return { now: () => now, set: (d: Date) => (now = d.getTime()) };
}

describe('usage: UsageLedger', () => {
  it('costs prompt and completion at split prices, else at the blended price', () => {
    assert.ok(Math.abs(usageCost(split, { promptTokens: 1000, completionTokens: 500 }) - (0.0025 + 0.005)) < 1e-12);
    assert.ok(Math.abs(usageCost(blended, { promptTokens: 1000, completionTokens: 500 }) - 0.003) < 1e-12);
  });

  it('aggregates per day and per model, and marks estimated usage', () => {
    const clock = clockAt(new Date(2026, 10, 27, 9, 0));
    const ledger = new UsageLedger({ clock });
    const seen: string[] = [];
    ledger.onDidChange((e) => seen.push(e.model));
    ledger.record({ model: split, usage: { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 } });
    ledger.record({ model: split, usage: { promptTokens: 2000, completionTokens: 0, totalTokens: 2000 } });
    ledger.record({ model: blended, usage: { promptTokens: 100, completionTokens: 100, totalTokens: 200, estimated: true }, costUsd: 0.5 });
    const today = ledger.today();
    assert.equal(today.requests, 3);
    assert.equal(today.promptTokens, 3100);
    assert.equal(today.completionTokens, 600);
    assert.equal(today.estimatedRequests, 1);
    assert.ok(Math.abs(today.costUsd - (0.0075 + 0.005 + 0.5)) < 1e-12);
    const models = ledger.byModel();
    assert.equal(models['gpt-4o'].requests, 2);
    assert.equal(models['gpt-4o'].provider, 'openai');
    assert.equal(models.local.costUsd, 0.5);
    assert.deepEqual(seen, ['gpt-4o', 'gpt-4o', 'local']);
  });

  it('keeps model ids such as "toString" and "__proto__" as plain data, through JSON too', () => {
    const clock = clockAt(new Date(2026, 10, 27, 9, 0));
    const ledger = new UsageLedger({ clock });
    const ids = ['toString', '__proto__', 'constructor', 'hasOwnProperty'];
    for (const id of ids) {
      ledger.record({ model: { ...blended, id }, usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } });
      ledger.record({ model: { ...blended, id }, usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } });
    }
    const check = (models: Record<string, { requests: number; promptTokens: number }>) => {
      assert.deepEqual(Object.keys(models).sort(), [...ids].sort());
      for (const id of ids) {
        assert.ok(Object.hasOwn(models, id), id);
        assert.equal(Object.getOwnPropertyDescriptor(models, id)?.value.requests, 2, id);
      }
      assert.equal(Object.getPrototypeOf(models), Object.prototype);
    };
    check(ledger.byModel());
    check(ledger.day(localDate(clock.now()))!.models);
    const restored = UsageLedger.fromJSON(JSON.parse(JSON.stringify(ledger.toJSON())), { clock });
    check(restored.byModel());
    assert.equal(typeof Object.prototype.toString, 'function');
    assert.equal((Object.prototype as unknown as { requests?: number }).requests, undefined, 'Object.prototype was not touched');
  });

  it('rolls over at local midnight', () => {
    const clock = clockAt(new Date(2026, 10, 27, 23, 59, 59));
    const ledger = new UsageLedger({ clock });
    ledger.record({ model: blended, usage: { promptTokens: 1000, completionTokens: 0, totalTokens: 1000 } });
    clock.set(new Date(2026, 10, 28, 0, 0, 1));
    assert.equal(ledger.today().requests, 0);
    ledger.record({ model: blended, usage: { promptTokens: 10, completionTokens: 0, totalTokens: 10 } });
    assert.equal(ledger.today().promptTokens, 10);
    assert.deepEqual(ledger.dates(), ['2026-11-27', '2026-11-28']);
    assert.equal(ledger.day('2026-11-27')?.total.promptTokens, 1000);
    assert.equal(localDate(new Date(2026, 0, 5, 12).getTime()), '2026-01-05');
  });

  it('keeps memory bounded: the last N requests and the last D days', () => {
    const clock = clockAt(new Date(2026, 0, 1, 12));
    const ledger = new UsageLedger({ clock, recentLimit: 3, dayLimit: 2 });
    for (let day = 1; day <= 5; day++) {
      clock.set(new Date(2026, 0, day, 12));
      ledger.record({ model: blended, usage: { promptTokens: day, completionTokens: 0, totalTokens: day } });
    }
    assert.deepEqual(ledger.recent().map((e) => e.promptTokens), [3, 4, 5]);
    assert.deepEqual(ledger.dates(), ['2026-01-04', '2026-01-05']);
  });

  it('round-trips through JSON and drops malformed parts', () => {
    const clock = clockAt(new Date(2026, 5, 1, 8));
    const ledger = new UsageLedger({ clock });
    ledger.record({ model: split, usage: { promptTokens: 10, completionTokens: 20, totalTokens: 30 } });
    const copy = UsageLedger.fromJSON(JSON.parse(JSON.stringify(ledger)), { clock });
    assert.deepEqual(copy.toJSON(), ledger.toJSON());
    assert.equal(copy.today().completionTokens, 20);
    const bad = UsageLedger.fromJSON({ version: 1, days: [{ date: 'x', total: {} }, null], recent: [{ model: 1 }] }, { clock });
    assert.deepEqual(bad.toJSON(), { version: 1, days: [], recent: [] });
    assert.deepEqual(UsageLedger.fromJSON('garbage').toJSON(), { version: 1, days: [], recent: [] });
  });
});
