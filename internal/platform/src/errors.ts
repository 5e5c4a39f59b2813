/**
 * Domain errors: plain classes with a stable code, free of GraphQL and MongoDB. They are
 * turned into coded GraphQL errors in one place (graphql-errors.ts).
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'CONFLICT'
  | 'SERVICE_UNAVAILABLE'
  | 'REQUEST_LOOP'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'DEADLINE_EXCEEDED'
  | 'CANCELLED'
  | 'INTERNAL_SERVER_ERROR';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra fields for `extensions`, beyond the code. */
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

/** One broken rule of an input: which field (a path such as `posts[2].views`), what it held, why it fails. */
export interface FieldIssue {
  field: string;
  value: unknown;
  message: string;
}

/** The caller sent something that breaks the contract; nothing was written. */
export class InvalidInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT' as const;
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[]) {
    const first = issues[0];
    if (!first) throw new TypeError('InvalidInputError needs at least one issue');
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    const bounded = issues.map((issue) => ({ ...issue, value: boundValue(issue.value) }));
    super(`${first.field}: ${first.message}, got ${formatValue(first.value)}${more}`, {
      field: first.field,
      value: bounded[0]!.value,
      issues: bounded,
    });
    this.issues = bounded;
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;

  constructor(kind: string, id: string) {
    super(`${kind} ${formatValue(id)} does not exist`, { kind, id: boundValue(id) });
  }
}

/** The request is well formed, but the system is not in a state to answer it (e.g. a channel without posts). */
export class PreconditionError extends DomainError {
  readonly code = 'FAILED_PRECONDITION' as const;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

/** Another caller holds what this one needs (a model's adaptation lease): nothing was written; retry once it is released. */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

/** A dependency (database, model, another service) cannot answer now; retrying later may work. */
export class UnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE' as const;

  constructor(dependency: string, message: string, options?: { cause?: unknown }) {
    super(`${dependency} is unavailable: ${message}`, { dependency }, options);
  }
}

/** The request carries no credentials where some are needed, or credentials that do not verify (bad signature, expired, wrong issuer). */
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED' as const;
}

/** The caller is known but lacks a scope the operation requires. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
}

/** The request's deadline passed before the work was done; what was not yet written is not written. */
export class DeadlineExceededError extends DomainError {
  readonly code = 'DEADLINE_EXCEEDED' as const;

  constructor(timeoutMs: number) {
    super(`the request's deadline (${timeoutMs} ms) has passed: stopped before writing`, { timeoutMs });
  }
}

/** The client went away before the answer; what was not yet written is not written. */
export class CancelledError extends DomainError {
  readonly code = 'CANCELLED' as const;

  constructor() {
    super('the client closed the connection before the answer: stopped before writing');
  }
}

/** Longest piece of a client's value an error repeats back: enough to recognise it, never the 5 MB that was sent. */
export const ECHO_MAX_CHARS = 100;

/** Cuts `text` to `max` characters, saying how long it was. */
export function truncate(text: string, max = ECHO_MAX_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A value as an error may carry it back in `extensions`: long strings cut (see `truncate`), anything else as it is. */
export function boundValue(value: unknown): unknown {
  return typeof value === 'string' ? truncate(value) : value;
}

/** Renders a value for an error message: strings quoted, undefined as "nothing", anything long cut. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value.length <= ECHO_MAX_CHARS ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, ECHO_MAX_CHARS))}… (${value.length} characters)`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
  try {
    return truncate(JSON.stringify(value) ?? String(value));
  } catch {
    return truncate(String(value));
  }
}

/**
 * A value our own code was about to send to MongoDB that a MongoDB-compatible server cannot
 * take (NaN, ±Infinity, an invalid date). Validation should have refused it: reaching this is a
 * bug, reported with the field instead of a dropped database connection.
 */
export class UnstorableValueError extends DomainError {
  readonly code = 'INTERNAL_SERVER_ERROR' as const;

  constructor(field: string, value: unknown) {
    const shown = value instanceof Date ? 'an invalid date' : String(value);
    super(`${field} is ${shown}: only finite numbers and valid dates can be sent to MongoDB`, { field });
  }
}
