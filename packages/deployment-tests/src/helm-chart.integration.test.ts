import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot } from '@docsort/local-stack';
import { createTestDirectory, ensureGoBinary, ensurePythonEnvironment } from '@docsort/test-harness';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import {
  PrometheusRule,
  ServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

const run = promisify(execFile);
const repo = findRepoRoot();
const chart = join(repo, 'deploy', 'helm', 'docsort');
const productionValues = join(chart, 'ci', 'production-values.yaml');
/** helm from the Go module proxy, pinned. */
const helmVersion = 'v3.22.0';
/** The Kubernetes version the rendered manifests are validated against (the chart's kubeVersion floor and up). */
const kubernetesVersion = '1.34.0';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

let helm: string;
let kubernetesValidate: string;

async function render(...args: string[]): Promise<Manifest[]> {
  // --kube-version: a helm built with `go install` assumes Kubernetes 1.20 (its release builds stamp a newer one).
  const { stdout } = await run(
    helm,
    ['template', 'docsort', chart, '--namespace', 'docsort', '--kube-version', kubernetesVersion, ...args],
    { maxBuffer: 32 * 1024 * 1024 },
  );
  return parseAllDocuments(stdout)
    .map((document) => document.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

async function renderError(...args: string[]): Promise<string> {
  try {
    await render(...args);
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
  throw new Error(`helm template ${args.join(' ')} rendered, but should have refused`);
}

/** Kubernetes' own kinds against the official JSON schemas, strictly (unknown fields are errors), offline. */
async function validateCoreKinds(manifests: readonly Manifest[]): Promise<void> {
  const file = join(createTestDirectory('helm'), 'rendered.yaml');
  writeFileSync(file, manifests.map((m) => JSON.stringify(m)).join('\n---\n'));
  await run(kubernetesValidate, ['--strict', '--no-warn', '--quiet', '-k', kubernetesVersion, file]);
}

const crdModels: Record<string, (value: never) => { validate(): void }> = {
  'keda.sh/v1alpha1/ScaledObject': (value) => new ScaledObject(value),
  'keda.sh/v1alpha1/TriggerAuthentication': (value) => new TriggerAuthentication(value),
  'monitoring.coreos.com/v1/ServiceMonitor': (value) => new ServiceMonitor(value),
  'monitoring.coreos.com/v1/PrometheusRule': (value) => new PrometheusRule(value),
};
const isCrd = (m: Manifest) => `${m.apiVersion}/${m.kind}` in crdModels;

function validateCrds(manifests: readonly Manifest[]): number {
  const crds = manifests.filter(isCrd);
  for (const manifest of crds) {
    const model = crdModels[`${manifest.apiVersion}/${manifest.kind}`];
    expect(
      () => model?.(manifest as never).validate(),
      `${manifest.kind} ${manifest.metadata.name}`,
    ).not.toThrow();
  }
  return crds.length;
}

interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean };
  terminationGracePeriodSeconds?: number;
  containers: Array<{
    name: string;
    livenessProbe?: unknown;
    readinessProbe?: unknown;
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    securityContext?: {
      allowPrivilegeEscalation?: boolean;
      readOnlyRootFilesystem?: boolean;
      capabilities?: { drop?: string[] };
    };
  }>;
}

const podSpecOf = (m: Manifest) => (m.spec as { template: { spec: PodSpec } }).template.spec;

/** Probes (long-running workloads), resources and a locked-down, non-root security context. */
function assertHardenedWorkloads(manifests: readonly Manifest[]): void {
  const workloads = manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'Job');
  expect(workloads.length).toBeGreaterThan(0);
  for (const workload of workloads) {
    const pod = podSpecOf(workload);
    const where = `${workload.kind} ${workload.metadata.name}`;
    expect(pod.securityContext?.runAsNonRoot, where).toBe(true);
    for (const container of pod.containers) {
      if (workload.kind === 'Deployment') {
        expect(container.livenessProbe, `${where} liveness`).toBeDefined();
        expect(container.readinessProbe, `${where} readiness`).toBeDefined();
        // Longer than the services' 30 s drain, so SIGKILL does not cut it short.
        expect(pod.terminationGracePeriodSeconds, where).toBeGreaterThan(30);
      }
      expect(container.resources?.requests?.memory, `${where} memory request`).toBeDefined();
      expect(container.resources?.requests?.cpu, `${where} cpu request`).toBeDefined();
      expect(container.resources?.limits?.memory, `${where} memory limit`).toBeDefined();
      expect(container.securityContext?.allowPrivilegeEscalation, where).toBe(false);
      expect(container.securityContext?.readOnlyRootFilesystem, where).toBe(true);
      expect(container.securityContext?.capabilities?.drop, where).toContain('ALL');
    }
  }
}

beforeAll(async () => {
  helm = await ensureGoBinary('helm.sh/helm/v3/cmd/helm', helmVersion);
  const python = await ensurePythonEnvironment(join(import.meta.dirname, '..', 'requirements.txt'));
  kubernetesValidate = join(dirname(python), 'kubernetes-validate');
}, 900_000);

describe('the Helm chart', () => {
  it('passes helm lint with the default and the production-like values', async () => {
    for (const values of [[], ['-f', productionValues]]) {
      const { stdout } = await run(helm, ['lint', chart, '--strict', ...values]);
      expect(stdout).toContain('0 chart(s) failed');
    }
  });

  it('renders default values into valid manifests: a hardened Deployment, Service, PDB and HPA per service', async () => {
    const manifests = await render();
    await validateCoreKinds(manifests);
    const kinds = (kind: string) => manifests.filter((m) => m.kind === kind).map((m) => m.metadata.name);
    const services = ['ingest', 'extract', 'classify', 'sink'].map((s) => `docsort-${s}`);
    expect(kinds('Deployment').sort()).toEqual([...services].sort());
    expect(kinds('Service').sort()).toEqual([...services].sort());
    expect(kinds('PodDisruptionBudget').sort()).toEqual([...services].sort());
    expect(kinds('HorizontalPodAutoscaler').sort()).toEqual([...services].sort());
    expect(kinds('Job')).toEqual(['docsort-setup']);
    expect(manifests.filter(isCrd)).toEqual([]);
    assertHardenedWorkloads(manifests);
  });

  it('renders the production-like values into valid manifests: TLS, SCRAM, KEDA on lag within partitions, monitoring', async () => {
    const manifests = await render('-f', productionValues);
    await validateCoreKinds(manifests.filter((m) => !isCrd(m)));
    expect(validateCrds(manifests)).toBeGreaterThanOrEqual(5);
    assertHardenedWorkloads(manifests);

    const values = parseYaml(readFileSync(productionValues, 'utf8')) as { topics: { partitions: number } };
    const scaled = manifests.filter((m) => m.kind === 'ScaledObject');
    expect(scaled.map((m) => m.metadata.name).sort()).toEqual([
      'docsort-classify',
      'docsort-extract',
      'docsort-sink',
    ]);
    for (const object of scaled) {
      const spec = object.spec as {
        maxReplicaCount: number;
        triggers: Array<{ type: string; metadata: Record<string, string> }>;
      };
      expect(spec.maxReplicaCount).toBeLessThanOrEqual(values.topics.partitions);
      expect(spec.triggers[0]?.type).toBe('kafka');
      expect(spec.triggers[0]?.metadata.sasl).toBe('scram_sha512');
      expect(spec.triggers[0]?.metadata.tls).toBe('enable');
    }
    // KEDA owns those replicas: no HPA fights it.
    expect(manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler').map((m) => m.metadata.name)).toEqual(
      ['docsort-ingest'],
    );
    // Credentials only from the existing Secret: the chart creates none.
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    const classify = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'docsort-classify');
    const env = JSON.stringify(classify && podSpecOf(classify).containers[0]);
    expect(env).toContain('"name":"DOCSORT_KAFKA_SASL_MECHANISM","value":"scram-sha-512"');
    expect(env).toContain('"secretKeyRef":{"name":"docsort-credentials","key":"kafka-sasl-password"}');
    expect(env).toContain('"name":"NODE_EXTRA_CA_CERTS"');

    // The same alert rules and dashboards as deploy/prometheus and deploy/grafana.
    const rules = manifests.find((m) => m.kind === 'PrometheusRule');
    expect(rules).toBeDefined();
    const alerts = (
      (rules as Manifest).spec as { groups: Array<{ rules: Array<{ alert: string }> }> }
    ).groups.flatMap((g) => g.rules.map((r) => r.alert));
    const source = parseYaml(
      readFileSync(join(repo, 'deploy/prometheus/rules/docsort-alerts.yml'), 'utf8'),
    ) as {
      groups: Array<{ rules: Array<{ alert: string }> }>;
    };
    expect(alerts).toEqual(source.groups.flatMap((g) => g.rules.map((r) => r.alert)));
    const dashboards = manifests.filter(
      (m) => m.kind === 'ConfigMap' && m.metadata.labels?.grafana_dashboard === '1',
    );
    expect(dashboards.flatMap((m) => Object.keys(m.data ?? {})).sort()).toEqual(
      readdirSync(join(repo, 'deploy/grafana/dashboards')).sort(),
    );
  });

  it('refuses bad values with a message that names the setting', async () => {
    expect(await renderError('--set', 'kafka.brokers=not a broker list')).toMatch(/kafka.*brokers/);
    expect(await renderError('--set', 'topics.partitions=0')).toMatch(/topics.*partitions/);
    expect(await renderError('--set', 'securityContext.allowPrivilegeEscalation=true')).toMatch(
      /allowPrivilegeEscalation/,
    );
    expect(
      await renderError(
        '--set',
        'services.extract.autoscaling.keda.enabled=true,services.extract.autoscaling.keda.maxReplicas=40',
      ),
    ).toMatch(/maxReplicas \(40\) is above topics.partitions \(12\)/);
    expect(await renderError('--set', 'credentials.s3SecretKey=')).toMatch(/s3SecretKey/);
  });

  it('hands the retention settings to the setup Job, which applies them, and refuses a negative one', async () => {
    const setupEnv = async (...args: string[]) => {
      const job = (await render(...args)).find((m) => m.kind === 'Job') as Manifest;
      const container = podSpecOf(job).containers[0] as unknown as {
        env: Array<{ name: string; value?: string }>;
      };
      return Object.fromEntries(container.env.map((e) => [e.name, e.value]));
    };
    expect(await setupEnv()).toMatchObject({
      DOCSORT_RETENTION_DOCUMENTS_DAYS: '0',
      DOCSORT_RETENTION_RESULTS_DAYS: '0',
      DOCSORT_TOPIC_RETENTION_MS: String(168 * 3_600_000),
      DOCSORT_DLQ_RETENTION_MS: String(720 * 3_600_000),
    });
    expect(
      await setupEnv(
        '--set',
        'retention.documentsDays=30,retention.resultsDays=365,retention.topicsHours=48',
      ),
    ).toMatchObject({
      DOCSORT_RETENTION_DOCUMENTS_DAYS: '30',
      DOCSORT_RETENTION_RESULTS_DAYS: '365',
      DOCSORT_TOPIC_RETENTION_MS: String(48 * 3_600_000),
    });
    expect(await renderError('--set', 'retention.documentsDays=-1')).toMatch(/retention.*documentsDays/);
  });
});
