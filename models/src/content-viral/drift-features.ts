/**
 * The viral model's input (a post's text) summarised as a few named numbers, for data drift: a
 * handful of the hand-made text features (content/text-features.ts). The subgraph computes them
 * when it judges a post and stores them with the detection (the text itself stays with the
 * channels subgraph); the trainer computes them over its training texts for the metadata's
 * `reference`, with this same function.
 */
import { contentFeatures } from '../content/text-features.js';

export const VIRAL_DRIFT_FEATURES = [
  /** ln(1 + the text's length in UTF-16 code units), what the stored detections record as `textLength`. */
  'lnLength',
  'emoji',
  'links',
  'hashtags',
  'mentions',
  /** Lines with something other than whitespace. */
  'lines',
  /** Cyrillic letters among letters: the language mix. */
  'cyrillicShare',
  /** Capitals among cased letters. */
  'uppercaseShare',
] as const;

export type ViralDriftFeature = (typeof VIRAL_DRIFT_FEATURES)[number];

/** The drift features of a text. Pure. */
export function viralDriftFeatures(text: string): Record<ViralDriftFeature, number> {
  const f = contentFeatures(text);
  return {
    lnLength: viralLnLength(text.length),
    emoji: f.emoji,
    links: f.links,
    hashtags: f.hashtags,
    mentions: f.mentions,
    lines: f.lines,
    cyrillicShare: f.cyrillicShare,
    uppercaseShare: f.uppercaseShare,
  };
}

/** `lnLength` from a length in UTF-16 code units (all a detection stored before its features were kept tells). */
export function viralLnLength(utf16Length: number): number {
  return Math.log1p(utf16Length);
}
