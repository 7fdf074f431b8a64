import { Emitter } from '../base/event';
import type { Event } from '../base/event';
import type { IDisposable } from '../base/lifecycle';
import type { Clock } from '../ports';
import { systemClock } from '../ports';
import type { ModelEntry } from '../registry/model';
import type { Usage } from '../model/usage';
import { usageCost } from './cost';
import { own } from '../formats/codec';

/** Sums over some requests. */
export interface UsageTotals {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  /** Requests whose counts Tokenhub estimated because the provider reported none. */
  estimatedRequests: number;
}

/** One model's sums, with the provider that served it. */
export interface ModelUsage extends UsageTotals {
  provider: string;
}

/** One local day: its totals and its per-model sums. */
export interface DayUsage {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  total: UsageTotals;
  models: Record<string, ModelUsage>;
}

/** One recorded request (the ledger keeps only the last few). */
export interface UsageEntry {
  at: number;
  model: string;
  provider: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  estimated: boolean;
}

/** What the router hands over per answered request; `costUsd` is computed when absent. */
export interface LedgerRecord {
  model: ModelEntry;
  usage: Usage;
  costUsd?: number;
}

/** The persisted form (`toJSON`/`fromJSON`). */
export interface UsageSnapshot {
  version: 1;
  days: DayUsage[];
  recent: UsageEntry[];
}

/** Limits of what is kept in memory. */
export interface LedgerOptions {
  clock?: Clock;
  /** Requests kept individually (newest last). */
  recentLimit?: number;
  /** Days of aggregates kept (oldest dropped first). */
  dayLimit?: number;
}

/**
 * Tokens and dollars per request, aggregated per local day and per model. Memory is bounded:
 * aggregates for the last `dayLimit` days and the last `recentLimit` requests, never every
 * request. `onDidChange` fires after each record so a status bar can show `today()`.
 */
export class UsageLedger implements IDisposable {
  private readonly clock: Clock;
  private readonly recentLimit: number;
  private readonly dayLimit: number;
  private readonly days = new Map<string, DayUsage>();
  private recentEntries: UsageEntry[] = [];
  private readonly changed = new Emitter<UsageEntry>();
  /** Fires with each new entry. */
  readonly onDidChange: Event<UsageEntry> = this.changed.event;

  constructor(options: LedgerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.recentLimit = options.recentLimit ?? 200;
    this.dayLimit = options.dayLimit ?? 90;
  }

  /** Records one answered request and returns its entry. */
  record(record: LedgerRecord): UsageEntry {
    const { model, usage } = record;
    const entry: UsageEntry = {
      at: this.clock.now(),
      model: model.id,
      provider: model.provider,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      costUsd: record.costUsd ?? usageCost(model, usage),
      estimated: usage.estimated === true,
    };
    this.add(entry);
    this.recentEntries.push(entry);
    if (this.recentEntries.length > this.recentLimit) this.recentEntries.splice(0, this.recentEntries.length - this.recentLimit);
    this.changed.fire(entry);
    return entry;
  }

  /** Today's totals (local date of the clock). */
  today(): UsageTotals {
    return { ...(this.days.get(localDate(this.clock.now()))?.total ?? emptyTotals()) };
  }

  /** One day's usage, `YYYY-MM-DD` local. */
  day(date: string): DayUsage | undefined {
    const day = this.days.get(date);
    return day && cloneDay(day);
  }

  /** The days kept, oldest first. */
  dates(): string[] {
    return [...this.days.keys()].sort();
  }

  /** Per-model sums over every day kept. */
  byModel(): Record<string, ModelUsage> {
    const out: Record<string, ModelUsage> = {};
    for (const day of this.days.values()) {
      for (const [id, m] of Object.entries(day.models)) addTotals(slot(out, id, m.provider), m);
    }
    return out;
  }

  /** The last requests, oldest first. */
  recent(): readonly UsageEntry[] {
    return [...this.recentEntries];
  }

  toJSON(): UsageSnapshot {
    return { version: 1, days: this.dates().map((d) => cloneDay(this.days.get(d) as DayUsage)), recent: this.recent() as UsageEntry[] };
  }

  /** Rebuilds a ledger from `toJSON` output; malformed parts are dropped, not trusted. */
  static fromJSON(snapshot: unknown, options: LedgerOptions = {}): UsageLedger {
    const ledger = new UsageLedger(options);
    const s = snapshot as Partial<UsageSnapshot> | null;
    if (!s || s.version !== 1) return ledger;
    for (const day of Array.isArray(s.days) ? s.days : []) {
      if (!day || typeof day.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day.date) || !isTotals(day.total)) continue;
      const models: Record<string, ModelUsage> = {};
      for (const [id, m] of Object.entries(day.models ?? {})) {
        if (isTotals(m) && typeof m.provider === 'string') addTotals(slot(models, id, m.provider), pickTotals(m));
      }
      ledger.days.set(day.date, { date: day.date, total: pickTotals(day.total), models });
    }
    ledger.prune();
    const recent = Array.isArray(s.recent) ? s.recent.filter(isEntry) : [];
    ledger.recentEntries = recent.slice(-ledger.recentLimit).map((e) => ({ ...e }));
    return ledger;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private add(entry: UsageEntry): void {
    const date = localDate(entry.at);
    let day = this.days.get(date);
    if (!day) {
      day = { date, total: emptyTotals(), models: {} };
      this.days.set(date, day);
      this.prune();
    }
    const sample = { requests: 1, ...entry, estimatedRequests: entry.estimated ? 1 : 0 };
    addTotals(day.total, sample);
    addTotals(slot(day.models, entry.model, entry.provider), sample);
  }

  private prune(): void {
    const dates = this.dates();
    for (let i = 0; i < dates.length - this.dayLimit; i++) this.days.delete(dates[i]);
  }
}

/** `YYYY-MM-DD` in the host's local time zone: "today" is the user's day, not UTC's. */
export function localDate(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The entry of model `id` in `models`, made when absent. Ids come from the config and from
 * stored snapshots: an own-property lookup, and a defined (not assigned) property, so ids such
 * as "toString" or "__proto__" are plain data and never reach the prototype.
 */
function slot(models: Record<string, ModelUsage>, id: string, provider: string): ModelUsage {
  const found = own(models, id);
  if (found !== undefined) return found;
  const made: ModelUsage = { provider, ...emptyTotals() };
  Object.defineProperty(models, id, { value: made, enumerable: true, writable: true, configurable: true });
  return made;
}

function emptyTotals(): UsageTotals {
  return { requests: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, estimatedRequests: 0 };
}

function addTotals(into: UsageTotals, add: UsageTotals): void {
  into.requests += add.requests;
  into.promptTokens += add.promptTokens;
  into.completionTokens += add.completionTokens;
  into.costUsd += add.costUsd;
  into.estimatedRequests += add.estimatedRequests;
}

function pickTotals(t: UsageTotals): UsageTotals {
  return { requests: t.requests, promptTokens: t.promptTokens, completionTokens: t.completionTokens, costUsd: t.costUsd, estimatedRequests: t.estimatedRequests };
}

function cloneDay(day: DayUsage): DayUsage {
  const models: Record<string, ModelUsage> = {};
  for (const [id, m] of Object.entries(day.models)) Object.assign(slot(models, id, m.provider), m);
  return { date: day.date, total: { ...day.total }, models };
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function isTotals(t: unknown): t is UsageTotals {
  const o = t as Partial<UsageTotals> | null;
  return !!o && [o.requests, o.promptTokens, o.completionTokens, o.costUsd, o.estimatedRequests].every(isFiniteNumber);
}

function isEntry(e: unknown): e is UsageEntry {
  const o = e as Partial<UsageEntry> | null;
  return (
    !!o && typeof o.model === 'string' && typeof o.provider === 'string' && typeof o.estimated === 'boolean' &&
    [o.at, o.promptTokens, o.completionTokens, o.costUsd].every(isFiniteNumber)
  );
}
