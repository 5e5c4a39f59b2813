/** Errors of the evaluation library: a caller's option out of range, named with the value that arrived. */

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
