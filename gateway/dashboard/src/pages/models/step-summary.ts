/**
 * One line for an adaptation step's result (AdaptationStep.result, JSON the gateway's pipeline
 * recorded): what the step found or made, by the step's name, and a plain `key: value` listing
 * for a step this page does not know (a newer pipeline). Reads defensively: the JSON is untyped.
 */
import { formatDecimal, formatInteger } from '../../ui/format.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** `key: value` pairs of the scalars in `result`, in order, for an unknown step. */
function listing(result: Json): string {
  return Object.entries(result)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}: ${typeof v === 'number' ? formatDecimal(v, Number.isInteger(v) ? 0 : 4) : String(v)}`)
    .join(', ');
}

/** What the step `name` with `result` did, in one line; empty when there is nothing to say. */
export function stepSummary(name: string, result: unknown): string {
  if (!isObject(result)) return result === null || result === undefined ? '' : String(result);
  switch (name) {
    case 'processFeedbackBatch': {
      const items = num(result.items);
      const versions = Array.isArray(result.byVersion) ? result.byVersion.filter(isObject) : [];
      const byVersion = versions.map((v) => `${str(v.version) ?? '?'}: ${formatInteger(num(v.count))}${num(v.mae) === null ? '' : `, MAE ${formatDecimal(num(v.mae), 4)}`}`).join('; ');
      return `${formatInteger(items)} feedback items processed${byVersion ? ` (${byVersion})` : ''}`;
    }
    case 'recordPerformance':
      if (str(result.reason)) return str(result.reason)!;
      return `error ${formatDecimal(num(result.error), 4)} recorded${str(result.version) ? ` for ${str(result.version)}` : ''} over ${formatInteger(num(result.items))} items`;
    case 'detectPerformanceDrift':
      return `drift ${str(result.severity) ?? '?'}${str(result.reason) ? `: ${str(result.reason)}` : ''}`;
    case 'adaptLearningRate':
      return `learning rate ${num(result.rate) === null ? '—' : num(result.rate)!.toExponential(2)} (drift ${str(result.drift) ?? '—'}, error ${formatDecimal(num(result.performance), 4)})`;
    case 'performIncrementalUpdate':
      return `learning job ${str(result.jobId) ?? '?'} started (${str(result.strategy) ?? '?'})`;
    case 'waitForLearningJob':
      return `learning job ${str(result.jobId) ?? '?'} ${str(result.state)?.toLowerCase() ?? 'finished'}${str(result.resultVersion) ? `: made ${str(result.resultVersion)}` : ''}`;
    case 'championChallenger': {
      const decision = str(result.decision);
      const challenger = str(result.challenger) ?? '?';
      return decision === 'ACTIVATED' ? `${challenger} activated` : decision === 'KEPT_AS_CANDIDATE' ? `${challenger} kept as a candidate (${str(result.champion) ?? '?'} stays)` : listing(result);
    }
    default:
      return str(result.reason) ?? listing(result);
  }
}
