/**
 * Champion/challenger evidence (`challenger_evaluations`): one document per challenger version,
 * written once (its `_id` is model/version: a retried write keeps the first). Read as a model's
 * candidates' evidence.
 */
import type { Collection, Db } from 'mongodb';
import { isDuplicateKey } from '@telepulse/platform/mongo';
import type { ChallengerEvaluation } from '../domain/challenger-evaluation.js';

type EvaluationDoc = ChallengerEvaluation & { _id: string };

export class ChallengerEvaluationStore {
  private readonly evaluations: Collection<EvaluationDoc>;

  constructor(db: Db) {
    this.evaluations = db.collection<EvaluationDoc>('challenger_evaluations');
  }

  async record(evaluation: ChallengerEvaluation): Promise<void> {
    try {
      await this.evaluations.insertOne({ _id: `${evaluation.modelId}/${evaluation.challenger}`, ...evaluation });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** The evaluations of each model's challengers, keyed by version. */
  async ofModels(modelIds: readonly string[]): Promise<Map<string, Map<string, ChallengerEvaluation>>> {
    const docs = await this.evaluations.find(modelIds.length === 1 ? { modelId: modelIds[0]! } : { modelId: { $in: [...modelIds] } }).toArray();
    const byModel = new Map<string, Map<string, ChallengerEvaluation>>(modelIds.map((id) => [id, new Map()]));
    for (const { _id, ...evaluation } of docs) byModel.get(evaluation.modelId)?.set(evaluation.challenger, evaluation);
    return byModel;
  }
}
