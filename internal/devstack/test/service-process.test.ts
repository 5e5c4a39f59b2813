import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServiceProcess } from '../src/service-process.js';

describe('a service process', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('gets NODE_ENV from the starting process, and nothing else it was not given', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('SERVICE_PROCESS_TEST_LEAK', 'yes');
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const service = startServiceProcess('probe', join(import.meta.dirname, 'fixtures', 'print-node-env.ts'), {}, import.meta.dirname);
    await new Promise((resolve) => service.child.once('close', resolve));
    expect(lines).toEqual(['probe      | NODE_ENV=production LEAKED=(unset)']);
  });
});
