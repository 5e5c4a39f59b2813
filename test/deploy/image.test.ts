import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@telepulse/platform/repo-layout';

/**
 * Builds deploy/Dockerfile for one service where a container builder can: docker with a daemon
 * that answers `docker info`, else podman, else buildah. Elsewhere (a docker CLI without a
 * daemon, as on CI's machine) the test is skipped, and one line says why.
 */
const run = promisify(execFile);

/** The first builder that works here, as the command and the arguments before `build`; or why there is none. */
function findBuilder(): { command: string; build: string[] } | { none: string } {
  const reasons: string[] = [];
  for (const [command, probe, build] of [
    ['docker', ['info'], ['build']],
    ['podman', ['info'], ['build']],
    ['buildah', ['info'], ['bud']],
  ] as const) {
    try {
      execFileSync(command, probe, { stdio: 'pipe', timeout: 20_000 });
      return { command, build: [...build] };
    } catch (error) {
      const { code, stderr } = error as { code?: string; stderr?: Buffer };
      reasons.push(code === 'ENOENT' ? `no ${command}` : `${command} ${probe.join(' ')} failed (${(stderr?.toString().trim().split('\n').pop() ?? 'no output').slice(0, 120)})`);
    }
  }
  return { none: reasons.join('; ') };
}

const builder = findBuilder();
if ('none' in builder) console.log(`image build skipped: no container builder with a daemon here: ${builder.none}`);

describe.skipIf('none' in builder)('deploy/Dockerfile', () => {
  it('builds the channels image, which runs as a non-root user', async () => {
    const { command, build } = builder as { command: string; build: string[] };
    const tag = 'telepulse/channels:test';
    await run(command, [...build, '-f', 'deploy/Dockerfile', '--build-arg', 'SERVICE=channels', '-t', tag, '.'], { cwd: repoRoot, maxBuffer: 64 << 20 });
    const { stdout } = await run(command, ['image', 'inspect', '--format', '{{.Config.User}} {{json .Config.Entrypoint}}', tag]);
    expect(stdout.trim()).toBe('1000:1000 ["/app/serve"]');
  }, 1_800_000);
});
