/** What every trainer reports while it trains, for a progress bar and the training curve (cli/). */

/** Where training is: after every batch, and at each epoch's end with its validation error. */
export interface TrainingProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** The running training loss of this epoch. */
  loss: number;
  /** Set at the end of an epoch: the model's validation MAE (each trainer says of what). */
  validationMae?: number;
}
