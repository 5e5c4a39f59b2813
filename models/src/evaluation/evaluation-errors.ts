/** Errors of the evaluation library: a caller's option out of range, named with the value that arrived; a model that answers another question than the one asked. */

export class EvaluationOptionError extends RangeError {
  readonly code = 'INVALID_EVALUATION_OPTION' as const;

  constructor(
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`${option}: expected ${expected}, got ${JSON.stringify(value)}`);
    this.name = 'EvaluationOptionError';
  }
}

/** A model's forecast does not answer the question asked (wrong number of forecasts, points or dates): a broken model, not bad data. */
export class GrowthForecastMismatchError extends Error {
  readonly code = 'GROWTH_FORECAST_MISMATCH' as const;

  constructor(message: string) {
    super(message);
    this.name = 'GrowthForecastMismatchError';
  }
}
