/**
 * The two content models as the domain needs them: the CNN reads a text into an embedding and
 * the engagement it predicts relative to the channel's level; the transformer calls its viral
 * potential. ContentCnnPipeline and ViralPipeline (models/src/content-cnn, content-viral)
 * implement them; tests hand in fakes.
 */

/** What the CNN gives for one text (ContentCnnEstimate has this shape). */
export interface ContentReading {
  /** ln(predicted rate / the channel's level): 0 is the channel's usual, ln 2 twice it. */
  readonly relativeEngagement: number;
  /** The pooled layer: texts that read alike lie close together. */
  readonly embedding: Float32Array;
  /** Tokens read (the start of the text when `truncated`). */
  readonly tokens: number;
  readonly truncated: boolean;
}

/** The viral model's call on one text (ViralEstimate has this shape). */
export interface ViralCall {
  /** Calibrated probability, 0..1, of landing in the channel's top decile. */
  readonly score: number;
  /** Calibrated probability that the call (viral at score >= 0.5) is right. */
  readonly confidence: number;
  readonly tokens: number;
  readonly truncated: boolean;
}

/** A word whose removal lowers the viral score: its place in the text and its effect. */
export interface ViralDriver {
  readonly text: string;
  /** [start, end) in the text, UTF-16 code units. */
  readonly start: number;
  readonly end: number;
  /** The score with the word minus the score without it. */
  readonly effect: number;
}

export interface ViralExplanationReading extends ViralCall {
  /** The words that raise the score most, the largest effect first. */
  readonly drivers: readonly ViralDriver[];
}

export interface ModelIdentity {
  readonly name: string;
  readonly version: string;
}

export interface ContentReader extends ModelIdentity {
  analyze(text: string): Promise<ContentReading>;
}

export interface ViralJudge extends ModelIdentity {
  score(text: string): Promise<ViralCall>;
  explain(text: string): Promise<ViralExplanationReading>;
}
