/**
 * The Models page: the list of deployed models at `#/models`, one model's page at `#/models/<id>`
 * (versions and candidates, feedback metrics, trend, alerts, drift, adaptation runs, admin actions).
 */
import './models.css';
import { ModelDetail } from './model-detail.js';
import { ModelList } from './model-list.js';

export function ModelsPage({ id }: { id?: string }) {
  return id === undefined ? <ModelList /> : <ModelDetail key={id} id={id} />;
}
