/**
 * A small reader of the Prometheus text exposition format (0.0.4), strict enough to catch what
 * a scraper would reject: every sample belongs to a family declared once by `# TYPE` (histogram
 * and summary samples by their suffixes), label sets are well formed, values are numbers, and
 * no series appears twice. Throws naming the offending line.
 */

export type Samples = Map<string, number>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** Parses `text` into series keys (`name{a="1",b="2"}`, labels sorted) and their values. */
export function parsePrometheusText(text: string): Samples {
  const types = new Map<string, string>();
  const samples: Samples = new Map();
  for (const [index, line] of text.split('\n').entries()) {
    const where = `line ${index + 1} (${JSON.stringify(line)})`;
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const [, kind, name, rest] = line.match(/^#\s+(\S+)\s+(\S+)\s*(.*)$/) ?? [];
      if (kind === 'TYPE') {
        if (!NAME.test(name ?? '') || !TYPES.has(rest ?? '')) throw new Error(`bad TYPE at ${where}`);
        if (types.has(name!)) throw new Error(`family ${name} declared twice, at ${where}`);
        types.set(name!, rest!);
      }
      continue;
    }
    const match = line.match(SAMPLE);
    if (!match) throw new Error(`not a sample at ${where}`);
    const [, name, , labelText, valueText] = match;
    if (!familyOf(name!, types)) throw new Error(`sample of an undeclared family at ${where}`);
    const labels = splitLabels(labelText ?? '', where).sort();
    // Prometheus reads values with Go's ParseFloat: NaN and Inf in any case (prom-client writes `Nan`).
    const value = /^\+?inf$/i.test(valueText!) ? Infinity : /^-inf$/i.test(valueText!) ? -Infinity : /^nan$/i.test(valueText!) ? NaN : Number(valueText);
    if (Number.isNaN(value) && !/^nan$/i.test(valueText!)) throw new Error(`value is not a number at ${where}`);
    const key = `${name}{${labels.join(',')}}`;
    if (samples.has(key)) throw new Error(`series ${key} appears twice, at ${where}`);
    samples.set(key, value);
  }
  return samples;
}

/** The value of the series `name` whose labels include `labels` (exactly one must match); 0 when none does. */
export function sampleValue(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const found = [...samples].filter(([key]) => key.startsWith(`${name}{`) && wanted.every((w) => key.slice(name.length + 1, -1).split(',').includes(w)));
  if (found.length > 1) throw new Error(`${found.length} series of ${name} match ${JSON.stringify(labels)}: ${found.map(([k]) => k).join(' ')}`);
  return found[0]?.[1] ?? 0;
}

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
    if (base && ['histogram', 'summary'].includes(types.get(base) ?? '')) return base;
  }
  return undefined;
}

function splitLabels(text: string, where: string): string[] {
  const labels: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const match = rest.match(/^([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")(,|$)/);
    if (!match || !LABEL.test(match[1]!)) throw new Error(`bad labels at ${where}`);
    labels.push(match[1]!);
    rest = rest.slice(match[0].length);
  }
  return labels;
}
