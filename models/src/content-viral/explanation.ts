/**
 * Why a text scored as it did, by occlusion: each word the model reads is removed in turn, every
 * variant is scored in the same batch as the text itself, and the words whose removal lowers the
 * score most are the drivers. Model-agnostic and honest about interactions only to the extent one
 * word at a time can be (two words that matter only together show up weakly).
 */
import type { TokenSpan } from '../content/tokenizer.js';
import type { ViralEstimate } from './inference.js';

/** Drivers reported at most. */
export const MAX_DRIVERS = 5;
/** Words occluded at most (the first ones): with the text itself, one batch of the kit's default 64. */
export const MAX_OCCLUDED_WORDS = 63;

/** A word whose removal lowers the score. */
export interface ViralDriver {
  /** The word as it stands in the text. */
  text: string;
  /** Its [start, end) in the text, in UTF-16 code units (String.prototype.slice positions). */
  start: number;
  end: number;
  /** Score with the word minus score without it: how much it pushes the score up. */
  effect: number;
}

export interface ViralExplanation extends ViralEstimate {
  /** The words that raise the score most, largest effect first; empty when no word raises it. */
  drivers: ViralDriver[];
}

/** One word taken out: where it was, and the text without it. */
export interface Occlusion {
  text: string;
  start: number;
  end: number;
  variant: string;
}

/**
 * The occlusions worth scoring: each whitespace-separated word that overlaps what the model reads
 * of the text (`read`, from token-window.ts: a word in the unread middle of a long text cannot
 * change the score), at most MAX_OCCLUDED_WORDS. A word leaves with the whitespace after it
 * (before it, when it is the last), so the variant reads like a text someone could have written.
 */
export function occlusionsOf(text: string, read: readonly TokenSpan[]): Occlusion[] {
  const occlusions: Occlusion[] = [];
  for (const match of text.matchAll(/\S+/gu)) {
    const start = match.index;
    const end = start + match[0].length;
    if (!read.some((r) => start < r.end && end > r.start)) continue;
    if (occlusions.length === MAX_OCCLUDED_WORDS) break;
    const after = /^\s*/u.exec(text.slice(end))![0].length;
    const before = after === 0 ? /\s*$/u.exec(text.slice(0, start))![0].length : 0;
    occlusions.push({ text: match[0], start, end, variant: text.slice(0, start - before) + text.slice(end + after) });
  }
  return occlusions;
}

/** The explanation from the text's estimate and the scores of its occlusions' variants (same order). */
export function explanationFrom(estimate: ViralEstimate, occlusions: readonly Occlusion[], variantScores: readonly number[]): ViralExplanation {
  const drivers = occlusions
    .map((o, i) => ({ text: o.text, start: o.start, end: o.end, effect: estimate.score - variantScores[i]! }))
    .filter((d) => d.effect > 0)
    .sort((a, b) => b.effect - a.effect || a.start - b.start)
    .slice(0, MAX_DRIVERS);
  return { ...estimate, drivers };
}
