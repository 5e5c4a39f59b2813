import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { discoverSubgraphs } from '@telepulse/platform/discover-subgraphs';
import { repoRoot } from '@telepulse/platform/repo-layout';
import { isService } from '@telepulse/platform/subgraph-manifest';
import { k8sTools, kustomizeBuild, validate, type K8sTools } from './k8s-tools.js';

/**
 * deploy/k8s, rendered by kustomize and validated offline against Kubernetes 1.30 by
 * kubectl-validate (k8s-tools.ts), then checked for what the schemas cannot know: every service
 * of the repository is deployed, probed, bounded and unprivileged, and what refers to something
 * finds it.
 */
type K8sObject = { kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec?: any; data?: Record<string, string> };

const builds = ['base', 'overlays/local', 'overlays/production'] as const;
/** The applied overlays: the base alone carries no resources (each overlay's resources.yaml does). */
const overlays = builds.filter((b) => b !== 'base');

let tools: K8sTools;
const rendered = new Map<string, { yaml: string; objects: K8sObject[] }>();
let services: { name: string; port: number }[];

beforeAll(async () => {
  tools = await k8sTools();
  const manifests = (await discoverSubgraphs()).filter(isService);
  services = [{ name: 'gateway', port: 4000 }, ...manifests.map((m) => ({ name: m.name, port: m.port }))];
  for (const build of builds) {
    const yaml = await kustomizeBuild(tools, build);
    rendered.set(build, { yaml, objects: parseAllDocuments(yaml).map((doc) => doc.toJS() as K8sObject).filter(Boolean) });
  }
  // Building the tools the first time takes a few minutes (tools/k8s/install.sh); afterwards, instants.
}, 900_000);

const objects = (build: string) => rendered.get(build)!.objects;
const find = (build: string, kind: string, name: string) => objects(build).find((o) => o.kind === kind && o.metadata.name === name);
const container = (deployment: K8sObject) => deployment.spec.template.spec.containers.find((c: { name: string }) => c.name === 'service');

describe.each(builds)('deploy/k8s/%s', (build) => {
  it('passes kubectl-validate against Kubernetes 1.30, offline', async () => {
    const result = await validate(tools, rendered.get(build)!.yaml, build.replace('/', '-'));
    expect(result.output).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  });

  it('has a Deployment and a Service for the gateway and every subgraph manifest, on its port', () => {
    for (const { name, port } of services) {
      const deployment = find(build, 'Deployment', name);
      expect(deployment, `Deployment ${name}`).toBeDefined();
      expect(container(deployment!).image).toMatch(new RegExp(`(^|/)telepulse/${name}(:|$)`));
      expect(container(deployment!).ports).toContainEqual({ name: 'http', containerPort: port });
      const service = find(build, 'Service', name);
      expect(service, `Service ${name}`).toBeDefined();
      // The service port only: the metrics port is scraped from the pods, never exposed.
      expect(service!.spec.ports).toEqual([{ name: 'http', port, targetPort: 'http' }]);
      expect(service!.spec.selector).toEqual(deployment!.spec.selector.matchLabels);
    }
  });

  it('probes readiness on /health and liveness on /health?probe=live, on the service port', () => {
    for (const { name } of services) {
      const c = container(find(build, 'Deployment', name)!);
      expect(c.readinessProbe.httpGet, name).toEqual({ path: '/health', port: 'http' });
      expect(c.livenessProbe.httpGet, name).toEqual({ path: '/health?probe=live', port: 'http' });
      expect(c.startupProbe.httpGet, name).toEqual({ path: '/health?probe=live', port: 'http' });
    }
  });

  it('runs every service unprivileged: non-root, read-only root filesystem, no capabilities', () => {
    for (const { name } of services) {
      const pod = find(build, 'Deployment', name)!.spec.template.spec;
      expect(pod.securityContext, name).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(container(find(build, 'Deployment', name)!).securityContext, name).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
  });

  it('autoscales the gateway, engagement, growth and content on CPU, each HPA targeting a Deployment that exists', () => {
    const hpas = objects(build).filter((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(['content', 'engagement', 'gateway', 'growth']);
    for (const hpa of hpas) {
      expect(find(build, hpa.spec.scaleTargetRef.kind, hpa.spec.scaleTargetRef.name), hpa.metadata.name).toBeDefined();
      expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    }
  });

  it('has a PodDisruptionBudget for exactly the Deployments that run more than one pod', () => {
    const scaled = new Set(objects(build).filter((o) => o.kind === 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name));
    const multi = objects(build)
      .filter((o) => o.kind === 'Deployment' && (scaled.has(o.metadata.name) || (o.spec.replicas ?? 1) > 1))
      .map((o) => o.spec.selector.matchLabels);
    const budgets = objects(build).filter((o) => o.kind === 'PodDisruptionBudget').map((p) => p.spec.selector.matchLabels);
    expect(budgets.length).toBeGreaterThan(0);
    expect(new Set(budgets.map((b) => JSON.stringify(b)))).toEqual(new Set(multi.map((m) => JSON.stringify(m))));
  });

  it('reads the secrets from telepulse-secrets, where the services expect them', () => {
    const gateway = container(find(build, 'Deployment', 'gateway')!);
    const secretOf = (c: any, key: string) => c.env.find((e: { name: string }) => e.name === key)?.valueFrom?.secretKeyRef;
    expect(secretOf(gateway, 'AUTH_JWT_SECRET')).toMatchObject({ key: 'AUTH_JWT_SECRET', name: expect.stringMatching(/^telepulse-secrets/) });
    for (const { name } of services) expect(secretOf(container(find(build, 'Deployment', name)!), 'SUBGRAPH_SECRET'), name).toMatchObject({ key: 'SUBGRAPH_SECRET' });
  });
});

describe.each(overlays)('deploy/k8s/%s, as applied', (build) => {
  it('bounds every service: CPU and memory requests and limits', () => {
    for (const { name } of services) {
      const { resources } = container(find(build, 'Deployment', name)!);
      expect(resources?.requests, name).toMatchObject({ cpu: expect.anything(), memory: expect.stringMatching(/^\d+Mi$/) });
      expect(resources?.limits, name).toMatchObject({ cpu: expect.anything(), memory: expect.stringMatching(/^\d+Mi$/) });
    }
  });

  it('connects to a MongoDB replica set with w=majority and the primary read preference, and names a broker', () => {
    const config = objects(build).find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('telepulse-config'))!;
    // A host list is no WHATWG URL: its options are read as the driver reads them, after the `?`.
    const uri = { searchParams: new URLSearchParams(config.data!.MONGODB_URI!.split('?')[1]) };
    expect(config.data!.MONGODB_URI).toMatch(/^mongodb:\/\//);
    expect(uri.searchParams.get('replicaSet')).toBe('rs0');
    expect(uri.searchParams.get('w')).toBe('majority');
    expect(uri.searchParams.get('journal')).toBe('true');
    expect(uri.searchParams.get('readPreference')).toBe('primary');
    expect(config.data!.BROKER_URL).toMatch(/^redis:\/\//);
  });
});

describe('the overlays', () => {
  it('local generates development secrets and runs a one-member replica set with its init Job; production generates none', () => {
    const local = objects('overlays/local');
    const secret = local.find((o) => o.kind === 'Secret');
    expect(secret?.metadata.name).toMatch(/^telepulse-secrets-/);
    expect(Object.keys(secret!.data!).sort()).toEqual(['AUTH_JWT_SECRET', 'SUBGRAPH_SECRET']);
    const mongo = find('overlays/local', 'StatefulSet', 'mongo')!;
    expect(mongo.spec.template.spec.containers[0].command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(JSON.stringify(find('overlays/local', 'Job', 'mongo-init')!.spec)).toContain('rs.initiate');
    expect(find('overlays/local', 'Service', 'redis')).toBeDefined();
    // Production's secrets are created out of band (its kustomization.yaml says how): referenced, never rendered.
    expect(objects('overlays/production').filter((o) => o.kind === 'Secret')).toEqual([]);
  });
});

describe('the image', () => {
  it("builds exactly the services deployed: the Dockerfile's SERVICE list is the gateway and the subgraph manifests", () => {
    const dockerfile = readFileSync(join(repoRoot, 'deploy/Dockerfile'), 'utf8');
    const listed = /^\s*([a-z|]+)\) ;; \\$/m.exec(dockerfile)?.[1]?.split('|');
    expect([...(listed ?? [])].sort()).toEqual(services.map((s) => s.name).sort());
    expect(dockerfile).toContain(`SERVICE must be one of ${listed!.join(' ')}`);
  });
});

describe('kubectl-validate', () => {
  it.each([
    ['a field of the wrong type (the schema)', 'broken-schema.yaml', /spec\.replicas in body must be of type integer/],
    ['a misspelt field', 'broken-field.yaml', /containers\[0\]\.readinesProbe: Invalid value: value provided for unknown field/],
    ['an object name that is no DNS subdomain', 'broken-name.yaml', /metadata\.name: Invalid value: "Broken_Name": a lowercase RFC 1123 subdomain/],
  ])('rejects a manifest broken on purpose: %s', async (_what, fixture, message) => {
    const broken = readFileSync(join(import.meta.dirname, 'fixtures', fixture), 'utf8');
    const result = await validate(tools, broken, 'broken');
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(message);
  });
});
