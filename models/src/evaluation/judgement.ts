/**
 * Judges one set of held-out predictions (a channel's, or all channels' pooled): the model's
 * error next to each baseline's, the ratio to the better baseline with its bootstrap interval and
 * verdict, rank correlation, bias, and how well the stated confidence means what it says. Any
 * model whose predictions are numbers with a confidence and a hit rule fits.
 */
import {
  absoluteErrors,
  bias,
  bootstrapMaeRatio,
  calibrationByDecile,
  calibrationError,
  mean,
  spearman,
  verdictOf,
  type BootstrapOptions,
  type CalibrationGroup,
  type RatioInterval,
  type Verdict,
} from './metrics.js';

/** Held-out values in one order: what the model said, what then happened, and each baseline's forecast. */
export interface HeldOutPredictions {
  predicted: number[];
  observed: number[];
  /** The model's stated chance of a hit, per value. */
  confidence: number[];
  /** Whether each prediction was a hit by the model's own rule. */
  hits: boolean[];
  /** Forecasts per baseline name, in the report's baseline order. */
  baselines: Record<string, number[]>;
}

export interface Judgement {
  heldOut: number;
  modelMae: number;
  baselineMae: Record<string, number>;
  /** The baseline with the lower MAE on these values (the first listed on a tie): the one the ratio is against. */
  baseline: string;
  /** MAE(model) / MAE(baseline) with its bootstrap interval. */
  ratio: RatioInterval;
  verdict: Verdict | null;
  /** Rank correlation of predicted and observed; null when undefined (e.g. a constant prediction). */
  spearman: number | null;
  /** Mean of predicted − observed. */
  bias: number;
  calibration: CalibrationGroup[];
  /** Posts-weighted mean |hit rate − mean confidence| over the calibration groups. */
  calibrationError: number;
  /** Rank correlation of stated confidence and absolute error: negative when confidence means something. */
  confidenceErrorSpearman: number | null;
}

/** Judges held-out predictions; the bootstrap is seeded by `bootstrap.seed`. Needs at least one value and one baseline. */
export function judgeHeldOut(p: HeldOutPredictions, bootstrap: BootstrapOptions): Judgement {
  const errors = absoluteErrors(p.predicted, p.observed);
  const baselineErrors = Object.fromEntries(Object.entries(p.baselines).map(([name, forecast]) => [name, absoluteErrors(forecast, p.observed)]));
  const baselineMae = Object.fromEntries(Object.entries(baselineErrors).map(([name, e]) => [name, mean(e)]));
  const baseline = Object.keys(baselineMae).reduce((best, name) => (baselineMae[name]! < baselineMae[best]! ? name : best));
  const ratio = bootstrapMaeRatio(errors, baselineErrors[baseline]!, bootstrap);
  const calibration = calibrationByDecile(p.confidence, p.hits);
  return {
    heldOut: p.observed.length,
    modelMae: mean(errors),
    baselineMae,
    baseline,
    ratio,
    verdict: verdictOf(ratio),
    spearman: spearman(p.predicted, p.observed),
    bias: bias(p.predicted, p.observed),
    calibration,
    calibrationError: calibrationError(calibration),
    confidenceErrorSpearman: spearman(p.confidence, errors),
  };
}

/** Several sets of held-out predictions as one, in order (for the pooled judgement). */
export function poolPredictions(parts: readonly HeldOutPredictions[], baselines: readonly string[]): HeldOutPredictions {
  return {
    predicted: parts.flatMap((p) => p.predicted),
    observed: parts.flatMap((p) => p.observed),
    confidence: parts.flatMap((p) => p.confidence),
    hits: parts.flatMap((p) => p.hits),
    baselines: Object.fromEntries(baselines.map((name) => [name, parts.flatMap((p) => p.baselines[name]!)])),
  };
}
