/** Tuning of the calibrator; the defaults suit per-request observations. */
export interface CalibratorOptions {
  /** Weight of a new observation once warmed up (EWMA); early samples weigh 1/n so it converges fast. */
  alpha?: number;
  /** The ratio is kept within [min, max]: one odd report (images, tools) must not wreck estimates. */
  min?: number;
  max?: number;
  /** Observations with fewer estimated tokens are ignored: framing overhead dominates them. */
  minTokens?: number;
}

/** A model's learned correction. */
export interface CalibrationState {
  /** reported / estimated, smoothed. */
  ratio: number;
  samples: number;
}

/**
 * Learns, per model, how far estimates are from the prompt tokens providers report
 * (`usage.promptTokens`), as a smoothed, bounded ratio that scales later estimates. It matters
 * for families without an offline tokenizer (Anthropic, vLLM models), whose coefficients are
 * only a starting guess.
 */
export class TokenCalibrator {
  private readonly states = new Map<string, CalibrationState>();
  private readonly alpha: number;
  private readonly min: number;
  private readonly max: number;
  private readonly minTokens: number;

  constructor(options: CalibratorOptions = {}) {
    this.alpha = options.alpha ?? 0.2;
    this.min = options.min ?? 0.5;
    this.max = options.max ?? 2;
    this.minTokens = options.minTokens ?? 32;
  }

  /** The correction for a model: 1 until something has been observed. */
  ratio(modelId: string): number {
    return this.states.get(modelId)?.ratio ?? 1;
  }

  /** Records one request: what was estimated (uncorrected) and what the provider reported. */
  observe(modelId: string, estimatedTokens: number, reportedTokens: number): void {
    if (!(estimatedTokens >= this.minTokens) || !(reportedTokens > 0) || !Number.isFinite(reportedTokens)) return;
    const sample = clamp(reportedTokens / estimatedTokens, this.min, this.max);
    const state = this.states.get(modelId);
    if (!state) {
      this.states.set(modelId, { ratio: sample, samples: 1 });
      return;
    }
    state.samples++;
    const weight = Math.max(this.alpha, 1 / state.samples);
    state.ratio = clamp(state.ratio + weight * (sample - state.ratio), this.min, this.max);
  }

  /** Snapshot for persistence. */
  toJSON(): Record<string, CalibrationState> {
    return Object.fromEntries([...this.states].map(([id, s]) => [id, { ...s }]));
  }

  /** Restores a snapshot, ignoring malformed entries and clamping ratios into range. */
  restore(snapshot: unknown): void {
    if (typeof snapshot !== 'object' || snapshot === null) return;
    for (const [id, value] of Object.entries(snapshot as Record<string, unknown>)) {
      const s = value as Partial<CalibrationState> | null;
      if (s && typeof s.ratio === 'number' && Number.isFinite(s.ratio) && typeof s.samples === 'number' && s.samples > 0) {
        this.states.set(id, { ratio: clamp(s.ratio, this.min, this.max), samples: Math.floor(s.samples) });
      }
    }
  }
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
