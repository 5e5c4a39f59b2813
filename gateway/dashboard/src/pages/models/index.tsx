/** The Models page (placeholder: the dash-models helper replaces it with versions, metrics, drift and adaptation). */
import { Empty } from '../../ui/states.js';

export function ModelsPage({ id }: { id?: string }) {
  return (
    <section aria-labelledby="models-title" data-model-id={id}>
      <h1 id="models-title">{id ? `Model ${id}` : 'Models'}</h1>
      <Empty what="This page is being built." />
    </section>
  );
}
