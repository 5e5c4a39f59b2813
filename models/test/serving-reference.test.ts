import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servingReference } from '../src/catalog/serving-reference.js';

const stats = { quantiles: new Array(101).fill(1), mean: 1, std: 0, count: 3 };
const served = { name: 'engagement', version: '2.1.0', format: { sha256: 'abc' } };

async function artifactDir(metadata: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'serving-reference-'));
  await writeFile(join(dir, 'model.json'), JSON.stringify(metadata));
  return dir;
}

describe('servingReference', () => {
  it("lists the served version's own statistics by feature, in their stored order", async () => {
    const view = await servingReference({ ...served, reference: { features: { b: stats, a: { ...stats, count: 4 } } } }, '/nonexistent');
    expect(view).toEqual({ modelId: 'engagement', version: '2.1.0', features: [{ name: 'b', ...stats }, { name: 'a', ...stats, count: 4 }] });
  });

  it('takes those of the committed artifact for the same version with the same bytes (registered before it had them)', async () => {
    const dir = await artifactDir({ ...served, reference: { features: { x: stats } } });
    expect((await servingReference(served, dir)).features).toEqual([{ name: 'x', ...stats }]);
  });

  it('fails with FAILED_PRECONDITION, naming the command, when neither carries them', async () => {
    const otherBytes = await artifactDir({ ...served, format: { sha256: 'def' }, reference: { features: { x: stats } } });
    await expect(servingReference(served, otherBytes)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('pnpm reference engagement') });
    await expect(servingReference(served, '/nonexistent')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });
});
