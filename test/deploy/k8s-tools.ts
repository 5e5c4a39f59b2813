import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@telepulse/platform/repo-layout';

/**
 * The offline Kubernetes tools of test/deploy: kustomize renders deploy/k8s, kubectl-validate
 * checks what it rendered against Kubernetes 1.30's schemas (strictly: unknown fields, types,
 * formats) and object metadata rules, with no cluster and no network. Built by tools/k8s/install.sh (`npm test` runs it first and passes
 * KUSTOMIZE_BIN and KUBECTL_VALIDATE_BIN); run here when they are not given, which builds them
 * once when missing.
 */
const run = promisify(execFile);

export interface K8sTools {
  kustomize: string;
  validate: string;
}

export async function k8sTools(): Promise<K8sTools> {
  const { KUSTOMIZE_BIN, KUBECTL_VALIDATE_BIN } = process.env;
  if (KUSTOMIZE_BIN && KUBECTL_VALIDATE_BIN) return { kustomize: KUSTOMIZE_BIN, validate: KUBECTL_VALIDATE_BIN };
  const { stdout } = await run('bash', [join(repoRoot, 'tools/k8s/install.sh')], { maxBuffer: 1 << 20 });
  const [kustomize, validate] = stdout.trim().split('\n');
  return { kustomize: kustomize!, validate: validate! };
}

/** `kustomize build` of a folder under deploy/k8s, as YAML. */
export async function kustomizeBuild(tools: K8sTools, dir: string): Promise<string> {
  const { stdout } = await run(tools.kustomize, ['build', join(repoRoot, 'deploy/k8s', dir)], { maxBuffer: 16 << 20 });
  return stdout;
}

/**
 * Validates YAML with kubectl-validate against Kubernetes 1.30's built-in schemas: its exit
 * status and output. Offline for sure: KUBECONFIG names an empty file (no cluster to ask), and
 * every proxy variable points at a closed loopback port, so a download it tried would fail the run.
 */
export async function validate(tools: K8sTools, yaml: string, name: string): Promise<{ status: number; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'k8s-validate-'));
  const file = join(dir, `${name}.yaml`);
  const kubeconfig = join(dir, 'kubeconfig');
  await Promise.all([writeFile(file, yaml), writeFile(kubeconfig, '')]);
  const closed = 'http://127.0.0.1:9';
  const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig, HTTP_PROXY: closed, HTTPS_PROXY: closed, http_proxy: closed, https_proxy: closed, NO_PROXY: '', no_proxy: '' };
  try {
    const { stdout, stderr } = await run(tools.validate, ['--version', '1.30', file], { env, maxBuffer: 16 << 20 });
    return { status: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
