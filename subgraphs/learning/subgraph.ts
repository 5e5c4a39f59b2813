import { defineSubgraph } from '@telepulse/platform/subgraph-manifest';

/** Learning: owns model versions and which one serves (the registry the predicting subgraphs follow), and improves models from feedback. */
export default defineSubgraph({
  name: 'learning',
  dir: import.meta.dirname,
  port: 4008,
  database: 'learning',
  mappers: {
    Model: '../domain/model-version.js#ModelRef',
    ModelVersion: '../domain/model-version.js#ModelVersionView',
    Lineage: '../domain/lineage.js#Lineage',
    LearningJob: '../domain/learning-job.js#LearningJob',
    ChallengerEvaluation: '../domain/challenger-evaluation.js#ChallengerEvaluation',
    LearningRateState: '../domain/learning-rate.js#LearningRateState',
    LearningDataValidation: '../domain/learning-data.js#LearningDataValidation',
    FieldIssue: '@telepulse/platform#FieldIssue',
    AdaptationRun: '../domain/adaptation-run.js#AdaptationRun',
    AdaptationStep: '../domain/adaptation-run.js#AdaptationStep',
  },
  load: () => import('./src/server.js'),
});
