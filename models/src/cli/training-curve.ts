/**
 * The learning curve of a training run, from the trainer's progress reports: one row per epoch
 * with its training loss, validation MAE and wall time, written as training-curve.csv beside the
 * trained model so a run can be compared with the next.
 */
import type { TrainingProgress } from '../training/progress.js';

export interface CurveRow {
  epoch: number;
  trainLoss: number;
  validationMae: number;
  seconds: number;
}

export class TrainingCurve {
  readonly rows: CurveRow[] = [];
  private epochStarted: number | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Takes one progress report. An epoch's time runs from the previous epoch's end; the first
   * epoch's from its first report (the end of its first batch), so data preparation before
   * training is not counted as learning.
   */
  record(progress: TrainingProgress): void {
    const now = this.now();
    this.epochStarted ??= now;
    if (progress.validationMae === undefined) return;
    this.rows.push({ epoch: progress.epoch, trainLoss: progress.loss, validationMae: progress.validationMae, seconds: (now - this.epochStarted) / 1000 });
    this.epochStarted = now;
  }

  /** The rows as CSV with a header line. */
  toCsv(): string {
    const lines = this.rows.map((r) => [r.epoch, r.trainLoss, r.validationMae, r.seconds.toFixed(2)].join(','));
    return `epoch,train_loss,validation_mae,seconds\n${lines.map((l) => `${l}\n`).join('')}`;
  }
}
