/**
 * A progress bar for a training run on a terminal: epoch, batch, running loss, the last epoch's
 * validation error and the time left. Off a terminal (a pipe, CI, a test) there is no bar and the
 * trainer's log lines go straight to stdout.
 */
import cliProgress from 'cli-progress';
import type { TrainingProgress } from '../training/progress.js';

export interface ProgressDisplay {
  onProgress(progress: TrainingProgress): void;
  log(line: string): void;
  /** Leaves the bar at its last state and gives the terminal back. */
  stop(): void;
}

export function trainingProgressDisplay(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (!stream.isTTY) return { onProgress: () => {}, log: (line) => console.log(line), stop: () => {} };
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: 'epoch {epoch}/{epochs} [{bar}] batch {batch}/{batches} | loss {loss} | validation MAE {validation} | ETA {eta_formatted}',
      hideCursor: true,
      // ETA from the rate over the last few hundred batches, not the last ten (which jitter).
      etaBuffer: 300,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  let validation = '–';
  return {
    onProgress(p) {
      if (p.validationMae !== undefined) validation = p.validationMae.toFixed(5);
      const payload = { epoch: p.epoch, epochs: p.epochs, batch: p.batch, batches: p.batches, loss: Number.isFinite(p.loss) ? p.loss.toFixed(5) : '–', validation };
      const done = (p.epoch - 1) * p.batches + p.batch;
      bar ??= bars.create(p.epochs * p.batches, 0, payload);
      bar.update(done, payload);
    },
    log: (line) => bars.log(`${line}\n`),
    stop: () => bars.stop(),
  };
}
