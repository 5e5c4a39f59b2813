/** A text's hand-made features, content embedding and predicted engagement: the use case behind extractContentFeatures. */
import { assertContent } from './content-checks.js';
import type { ContentReading, ModelIdentity } from './content-models.js';
import type { ContentFeatures } from '@telepulse/models/content/text-features';

export interface TextReading {
  features: ContentFeatures;
  embedding: number[];
  relativeEngagement: number;
  /** exp(relativeEngagement): the predicted rate as a multiple of the channel's level. */
  engagementRatio: number;
  tokens: number;
  truncated: boolean;
  modelName: string;
  modelVersion: string;
}

export interface FeatureDeps {
  reader: ModelIdentity;
  read: (text: string) => Promise<ContentReading>;
  features: (text: string) => ContentFeatures;
}

/** BAD_USER_INPUT naming `content` for a text validateContent refuses, before the model runs; otherwise what the text is made of. */
export async function extractContentFeatures(deps: FeatureDeps, content: string): Promise<TextReading> {
  assertContent(content, 'content');
  const reading = await deps.read(content);
  return {
    features: deps.features(content),
    embedding: Array.from(reading.embedding),
    relativeEngagement: reading.relativeEngagement,
    engagementRatio: Math.exp(reading.relativeEngagement),
    tokens: reading.tokens,
    truncated: reading.truncated,
    modelName: deps.reader.name,
    modelVersion: deps.reader.version,
  };
}
