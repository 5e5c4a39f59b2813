import { InvalidInputError, type FieldIssue } from './errors.js';

/**
 * Collects field issues while an input is checked, so the caller hears about every broken
 * field at once, not just the first.
 */
export class IssueCollector {
  constructor(
    private readonly prefix = '',
    readonly issues: FieldIssue[] = [],
  ) {}

  /** A collector whose field paths start with `path` (e.g. `posts[3]`); it shares this one's list. */
  at(path: string): IssueCollector {
    return new IssueCollector(this.prefix ? `${this.prefix}.${path}` : path, this.issues);
  }

  add(field: string, value: unknown, message: string): void {
    this.issues.push({ field: this.prefix ? `${this.prefix}.${field}` : field, value, message });
  }

  /** Adds an issue unless `value` is an integer within [min, max]. */
  integer(field: string, value: number | null | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (value === null || value === undefined) return;
    if (!Number.isInteger(value)) this.add(field, value, 'must be a whole number');
    else if (value < min || value > max) {
      this.add(field, value, max === Number.MAX_SAFE_INTEGER ? `must be at least ${min}` : `must be between ${min} and ${max}`);
    }
  }

  /** Adds an issue when `value` is longer than `max` characters (UTF-16 code units, as JavaScript and GraphQL count). */
  maxLength(field: string, value: string | null | undefined, max: number): void {
    if (typeof value === 'string' && value.length > max) this.add(field, value, `must be at most ${max} characters`);
  }

  /** Adds an issue unless `value` is a valid date. */
  date(field: string, value: Date | null | undefined): void {
    if (value === null || value === undefined) this.add(field, value, 'is required');
    else if (!(value instanceof Date) || Number.isNaN(value.getTime())) this.add(field, value, 'must be a valid date');
  }

  get ok(): boolean {
    return this.issues.length === 0;
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new InvalidInputError(this.issues);
  }
}

/**
 * Throws BAD_USER_INPUT naming `field` and the limit when a list argument holds more than `max`
 * items: checked first, before any item is looked at or any work starts.
 */
export function assertMaxItems(field: string, items: readonly unknown[], max: number, what = 'items'): void {
  if (items.length > max) throw new InvalidInputError([{ field, value: items.length, message: `must hold at most ${max} ${what}` }]);
}
