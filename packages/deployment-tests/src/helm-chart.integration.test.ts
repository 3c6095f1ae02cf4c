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

/**
 * The least an install needs: credentials (one shared Secret here) and authentication on the ingest API. The
 * chart ships neither.
 */
const trialValues = [
  '--set',
  'credentials.existingSecret=docsort-credentials',
  '--set',
  'services.ingest.auth.apiKeys.existingSecret=docsort-ingest-api-keys',
];
const workloads = ['ingest', 'extract', 'classify', 'sink', 'setup'];

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

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean };
  terminationGracePeriodSeconds?: number;
  volumes?: Array<{
    name: string;
    secret?: { secretName: string; items?: Array<{ key: string; path: string }>; defaultMode?: number };
  }>;
  containers: Array<{
    name: string;
    env?: EnvVar[];
    envFrom?: Array<Record<string, unknown>>;
    volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
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

/** The pod of a workload: a service's Deployment, or the setup Job. */
function podOf(manifests: readonly Manifest[], workload: string): PodSpec {
  const kind = workload === 'setup' ? 'Job' : 'Deployment';
  const manifest = manifests.find((m) => m.kind === kind && m.metadata.name === `docsort-${workload}`);
  if (!manifest) throw new Error(`no ${kind} docsort-${workload} rendered`);
  return podSpecOf(manifest);
}

function envOf(pod: PodSpec): Map<string, EnvVar> {
  return new Map((pod.containers[0]?.env ?? []).map((v) => [v.name, v]));
}

/** The Secrets a workload's environment reads from. */
function secretsReadBy(pod: PodSpec): Set<string> {
  return new Set(
    (pod.containers[0]?.env ?? []).flatMap((v) =>
      v.valueFrom?.secretKeyRef ? [v.valueFrom.secretKeyRef.name] : [],
    ),
  );
}

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
    for (const values of [trialValues, ['-f', productionValues]]) {
      const { stdout } = await run(helm, ['lint', chart, '--strict', ...values]);
      expect(stdout).toContain('0 chart(s) failed');
    }
  });

  it('renders default values into valid manifests: a hardened Deployment, Service, PDB and HPA per service', async () => {
    const manifests = await render(...trialValues);
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
    // Helm reads numbers as floats: a large one must still reach the service as a whole number.
    expect(envOf(podOf(manifests, 'ingest')).get('DOCSORT_INGEST_MAX_UPLOAD_BYTES')?.value).toBe('52428800');
    for (const workload of workloads) {
      for (const variable of podOf(manifests, workload).containers[0]?.env ?? []) {
        expect(variable.value ?? '', `${workload} ${variable.name}`).not.toMatch(/^[\d.]+e[+-]\d+$/);
      }
    }
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
    // Credentials only from existing Secrets, one per workload: the chart creates none.
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    for (const workload of workloads) {
      const pod = podOf(manifests, workload);
      const env = envOf(pod);
      expect(env.get('DOCSORT_KAFKA_SASL_MECHANISM')?.value, workload).toBe('scram-sha-512');
      expect(env.get('NODE_EXTRA_CA_CERTS'), workload).toBeDefined();
      expect([...secretsReadBy(pod)], workload).toEqual([`docsort-${workload}-credentials`]);
      for (const key of [
        'kafka-sasl-username',
        'kafka-sasl-password',
        'schema-registry-password',
        's3-secret-key',
      ]) {
        expect(
          pod.containers[0]?.env?.some((v) => v.valueFrom?.secretKeyRef?.key === key),
          `${workload} ${key}`,
        ).toBe(true);
      }
    }
    // KEDA reads each group's lag with that service's principal.
    const triggerSecrets = manifests
      .filter((m) => m.kind === 'TriggerAuthentication')
      .map((m) => [
        m.metadata.name,
        (m.spec as { secretTargetRef: Array<{ name: string }> }).secretTargetRef[0]?.name,
      ]);
    expect(triggerSecrets).toEqual(
      ['extract', 'classify', 'sink'].map((s) => [`docsort-${s}-kafka`, `docsort-${s}-credentials`]),
    );

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
    expect(await renderError(...trialValues, '--set', 'kafka.brokers=not a broker list')).toMatch(
      /kafka.*brokers/,
    );
    expect(await renderError(...trialValues, '--set', 'topics.partitions=0')).toMatch(/topics.*partitions/);
    expect(
      await renderError(...trialValues, '--set', 'securityContext.allowPrivilegeEscalation=true'),
    ).toMatch(/allowPrivilegeEscalation/);
    expect(
      await renderError(
        ...trialValues,
        '--set',
        'services.extract.autoscaling.keda.enabled=true,services.extract.autoscaling.keda.maxReplicas=40',
      ),
    ).toMatch(/maxReplicas \(40\) is above topics.partitions \(12\)/);
    expect(await renderError(...trialValues, '--set-json', 'extraEnv=[{"value":"no name"}]')).toMatch(
      /extraEnv/,
    );
  });

  it('ships no credentials: without a Secret the install fails, naming the value to set', async () => {
    expect(await renderError('--set', 'services.ingest.auth.allowAnonymous=true')).toMatch(
      /setup\.existingSecret is required \(or credentials\.existingSecret.*s3-access-key, s3-secret-key/,
    );
    // Each service needs its own (or the explicitly shared one): the first without one is named.
    const allButSink = ['setup', 'ingest', 'extract', 'classify'].map((w) =>
      w === 'setup' ? 'setup.existingSecret=s' : `services.${w}.existingSecret=${w}`,
    );
    expect(
      await renderError('--set', [...allButSink, 'services.ingest.auth.allowAnonymous=true'].join(',')),
    ).toMatch(/services\.sink\.existingSecret is required/);
    // With SASL and registry auth, the message lists the keys the Secret must hold.
    expect(
      await renderError('--set', 'kafka.sasl.mechanism=scram-sha-512,schemaRegistry.username=docsort'),
    ).toMatch(/kafka-sasl-username, kafka-sasl-password, schema-registry-password/);
  });

  it('renders no password, key or secret as a value: every credential is a reference to an existing Secret', async () => {
    const values = readFileSync(join(chart, 'values.yaml'), 'utf8');
    expect(values).not.toMatch(/docsort-secret|s3AccessKey|s3SecretKey|Password:/);
    for (const args of [trialValues, ['-f', productionValues]]) {
      const manifests = await render(...args);
      expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
      expect(JSON.stringify(manifests)).not.toMatch(/docsort-secret/);
      for (const workload of workloads) {
        for (const variable of podOf(manifests, workload).containers[0]?.env ?? []) {
          // The registry's username is a plain setting; the Kafka principal's comes from the Secret.
          if (/PASSWORD|SECRET|ACCESS_KEY|SASL_USERNAME/.test(variable.name)) {
            expect(variable.value, `${workload} ${variable.name}`).toBeUndefined();
            expect(variable.valueFrom?.secretKeyRef, `${workload} ${variable.name}`).toBeDefined();
          }
        }
      }
    }
  });

  it('gives each workload its own credentials Secret, falling back to the shared one only when it is set', async () => {
    const own = workloads.map((w) =>
      w === 'setup' ? 'setup.existingSecret=setup-s3' : `services.${w}.existingSecret=${w}-s3`,
    );
    const separate = await render('--set', [...own, 'services.ingest.auth.allowAnonymous=true'].join(','));
    for (const workload of workloads) {
      expect([...secretsReadBy(podOf(separate, workload))], workload).toEqual([`${workload}-s3`]);
    }
    const mixed = await render(...trialValues, '--set', 'services.classify.existingSecret=classify-s3');
    expect([...secretsReadBy(podOf(mixed, 'classify'))]).toEqual(['classify-s3']);
    expect([...secretsReadBy(podOf(mixed, 'sink'))]).toEqual(['docsort-credentials']);
  });

  it('turns authentication on in the ingest API: API keys from a Secret as a read-only file, and OIDC', async () => {
    const manifests = await render(
      '--set',
      [
        'credentials.existingSecret=docsort-credentials',
        'services.ingest.auth.apiKeys.existingSecret=tenants-api-keys',
        'services.ingest.auth.apiKeys.key=hashed-keys',
        'services.ingest.auth.oidc.issuer=https://login.example.com/realms/acme',
        'services.ingest.auth.oidc.audience=docsort-ingest',
        'services.ingest.auth.oidc.jwksUrl=https://login.example.com/realms/acme/certs',
      ].join(','),
    );
    await validateCoreKinds(manifests);
    const ingest = podOf(manifests, 'ingest');
    const env = envOf(ingest);
    const keysFile = env.get('DOCSORT_INGEST_API_KEYS_FILE')?.value ?? '';
    const mount = ingest.containers[0]?.volumeMounts?.find((m) => keysFile.startsWith(`${m.mountPath}/`));
    expect(mount?.readOnly).toBe(true);
    const volume = ingest.volumes?.find((v) => v.name === mount?.name);
    expect(volume?.secret?.secretName).toBe('tenants-api-keys');
    // The Secret's key lands at the path the variable names; nobody but the pod's group reads it.
    expect(volume?.secret?.items).toEqual([
      { key: 'hashed-keys', path: keysFile.slice((mount?.mountPath.length ?? 0) + 1) },
    ]);
    expect(volume?.secret?.defaultMode).toBe(0o440);
    expect(env.get('DOCSORT_INGEST_OIDC_ISSUER')?.value).toBe('https://login.example.com/realms/acme');
    expect(env.get('DOCSORT_INGEST_OIDC_AUDIENCE')?.value).toBe('docsort-ingest');
    expect(env.get('DOCSORT_INGEST_OIDC_TENANT_CLAIM')?.value).toBe('tenant');
    expect(env.get('DOCSORT_INGEST_OIDC_JWKS_URL')?.value).toBe(
      'https://login.example.com/realms/acme/certs',
    );
    // Only the API carries them.
    for (const workload of ['extract', 'classify', 'sink', 'setup']) {
      expect(
        [...envOf(podOf(manifests, workload)).keys()].filter((n) => n.startsWith('DOCSORT_INGEST_')),
        workload,
      ).toEqual([]);
    }

    // OIDC alone: no key file.
    const oidcOnly = envOf(
      podOf(
        await render(
          '--set',
          'credentials.existingSecret=c,services.ingest.auth.oidc.issuer=https://id.example.com,services.ingest.auth.oidc.audience=docsort',
        ),
        'ingest',
      ),
    );
    expect(oidcOnly.has('DOCSORT_INGEST_API_KEYS_FILE')).toBe(false);
    expect(oidcOnly.has('DOCSORT_INGEST_OIDC_JWKS_URL')).toBe(false);
  });

  it('requires authentication on the ingest API unless anonymous access is asked for', async () => {
    expect(await renderError('--set', 'credentials.existingSecret=c')).toMatch(
      /services\.ingest\.auth\.apiKeys\.existingSecret.*services\.ingest\.auth\.oidc\.issuer.*allowAnonymous=true/,
    );
    expect(
      await renderError(
        '--set',
        'credentials.existingSecret=c,services.ingest.auth.oidc.issuer=https://id.example.com',
      ),
    ).toMatch(/services\.ingest\.auth\.oidc\.audience is required/);
    const anonymous = envOf(
      podOf(
        await render('--set', 'credentials.existingSecret=c,services.ingest.auth.allowAnonymous=true'),
        'ingest',
      ),
    );
    expect([...anonymous.keys()].filter((n) => /API_KEYS|OIDC/.test(n))).toEqual([]);
  });

  it('ships one least-privilege S3 policy per workload: exactly the calls its code makes, on its own prefixes', () => {
    const list = 's3:ListBucket';
    const get = 's3:GetObject';
    const put = 's3:PutObject';
    const del = 's3:DeleteObject';
    /** A write that may be larger than minio-js's 64 MiB part: it goes multipart and looks for an earlier upload. */
    const multipartBucket = 's3:ListBucketMultipartUploads';
    const multipartParts = 's3:ListMultipartUploadParts';
    /**
     * What each workload's code does in the default buckets, as resource → actions (objectKeys and
     * DeletionMarkers in packages/object-store; HEAD and conditional writes are GetObject and PutObject). A
     * feature that reads or writes a new prefix changes this table, and the policy with it.
     *
     * Every workload needs ListBucket on the documents bucket without an s3:prefix condition: HeadBucket (start
     * and readiness) asks for it, and without it a GET or HEAD of a missing key answers 403, not 404 — which
     * `exists`, `readIfExists` and every deletion-marker check would take for a failure.
     */
    const needs: Record<string, Record<string, string[]>> = {
      ingest: {
        // Lists analytics/date=<day>/ (erasure) and review/ (review API); aborts a failed upload's parts.
        documents: [list, multipartBucket],
        // Uploads (multipart), the owner's metadata (HEAD), a failed upload removed, erasure.
        'documents/documents/*': [get, put, del, 's3:AbortMultipartUpload', multipartParts],
        'documents/content-index/*': [get, put],
        // Erasure writes the marker; the de-duplication checks it.
        'documents/deleted/*': [get, put],
        // The review API's claims and verdicts; erasure removes an item.
        'documents/review/*': [get, put, del],
        // Erasure rewrites a day's chunks without the document's lines (up to 256 MiB each).
        'documents/analytics/*': [get, put, del, multipartParts],
        // Read by the API (results, corrections) or looked up by erasure, and erased.
        'documents/results/*': [get, del],
        'documents/training-feedback/*': [get, del],
        'documents/text/*': [get, del],
        'documents/reviewed/*': [get, del],
        'documents/training/*': [get, del],
        'documents/tenants/*/training/*': [get, del],
      },
      extract: {
        documents: [list, multipartBucket],
        // Reads originals, stores archive members; removes them again when the document was erased meanwhile.
        'documents/documents/*': [get, put, del, multipartParts],
        'documents/text/*': [put, del, multipartParts],
        'documents/deleted/*': [get],
        inbox: [list],
        'inbox/*': [get],
      },
      classify: {
        documents: [list],
        // Reads a long text; keeps a review-routed document's text (removed again if it was erased).
        'documents/text/*': [get, put, del],
        // The model registry: LATEST, manifest.json and the model's files.
        'documents/models/*': [get],
        'documents/deleted/*': [get],
      },
      sink: {
        documents: [list, multipartBucket],
        // Conditional writes of results; removed again for an erased document.
        'documents/results/*': [get, put, del],
        'documents/analytics/*': [put, multipartParts],
        // Tags originals with their label; the feedback sink copies a corrected one.
        'documents/documents/*': [get, 's3:PutObjectTagging'],
        'documents/text/*': [get],
        // Feedback examples, shared or a tenant's; a second correction moves one.
        'documents/training/*': [put, del, multipartParts],
        'documents/tenants/*/training/*': [put, del, multipartParts],
        'documents/training-feedback/*': [get, put, del],
        'documents/reviewed/*': [put, del],
        // The review filing stage.
        'documents/review/*': [get, put, del],
        'documents/deleted/*': [get],
      },
      setup: {
        // Creates the buckets and sets their retention (lifecycle rules; removing them is a Put too).
        documents: [
          list,
          's3:CreateBucket',
          's3:GetLifecycleConfiguration',
          's3:PutLifecycleConfiguration',
          multipartBucket,
        ],
        inbox: [
          list,
          's3:CreateBucket',
          's3:GetLifecycleConfiguration',
          's3:PutLifecycleConfiguration',
          's3:PutBucketNotification',
        ],
        // Publishes the shipped model: reads LATEST and the manifest, writes the version and LATEST.
        'documents/models/*': [get, put, multipartParts],
      },
      // Not a workload: the operator's `docsort examples`, `docsort train --publish` and `docsort models`.
      trainer: {
        // Lists training/, reviewed/ (the shadow gate's set) and models/<name>/ (versions).
        documents: [list, multipartBucket],
        'documents/training/*': [get, put, multipartParts],
        'documents/reviewed/*': [get],
        'documents/models/*': [get, put, multipartParts],
      },
    };
    const directory = join(chart, 'files', 's3-policies');
    const credentials = [...workloads, 'trainer'];
    expect(readdirSync(directory).sort()).toEqual(credentials.map((w) => `${w}.json`).sort());
    for (const workload of credentials) {
      const policy = JSON.parse(readFileSync(join(directory, `${workload}.json`), 'utf8')) as {
        Statement: Array<Record<string, unknown> & { Effect: string; Action: string[]; Resource: string[] }>;
      };
      // Only plain grants: no Deny, NotAction, NotResource or conditions that the table would not show.
      for (const statement of policy.Statement) {
        expect(Object.keys(statement).sort(), workload).toEqual(['Action', 'Effect', 'Resource', 'Sid']);
        expect(statement.Effect, workload).toBe('Allow');
      }
      const granted = new Map<string, Set<string>>();
      for (const statement of policy.Statement) {
        for (const resource of statement.Resource) {
          const actions = granted.get(resource.replace('arn:aws:s3:::', '')) ?? new Set<string>();
          for (const action of statement.Action) actions.add(action);
          granted.set(resource.replace('arn:aws:s3:::', ''), actions);
        }
      }
      const asTable = (entries: Iterable<[string, Iterable<string>]>) =>
        Object.fromEntries([...entries].map(([resource, actions]) => [resource, [...actions].sort()]));
      expect(asTable(granted), workload).toEqual(asTable(Object.entries(needs[workload] ?? {})));
    }
  });

  it('adds extraEnv and extraEnvFrom, global and per workload, after the chart’s own variables', async () => {
    const manifests = await render(
      ...trialValues,
      '--set-json',
      'extraEnv=[{"name":"HTTPS_PROXY","value":"http://proxy:3128"},{"name":"DOCSORT_LOG_LEVEL","value":"debug"}]',
      '--set-json',
      'extraEnvFrom=[{"configMapRef":{"name":"site-settings"}}]',
      '--set-json',
      'services.classify.extraEnv=[{"name":"DOCSORT_DRIFT_WINDOW","value":"500"},{"name":"TOKEN","valueFrom":{"secretKeyRef":{"name":"t","key":"k"}}}]',
      '--set-json',
      'setup.extraEnvFrom=[{"secretRef":{"name":"setup-extra"},"prefix":"X_"}]',
    );
    await validateCoreKinds(manifests);
    for (const workload of workloads) {
      const container = podOf(manifests, workload).containers[0];
      const names = (container?.env ?? []).map((v) => v.name);
      expect(names.slice(names.indexOf('HTTPS_PROXY')), workload).toEqual(
        workload === 'classify'
          ? ['HTTPS_PROXY', 'DOCSORT_LOG_LEVEL', 'DOCSORT_DRIFT_WINDOW', 'TOKEN']
          : ['HTTPS_PROXY', 'DOCSORT_LOG_LEVEL'],
      );
      // Later entries win in Kubernetes: the override comes after the chart's own DOCSORT_LOG_LEVEL.
      expect(names.lastIndexOf('DOCSORT_LOG_LEVEL')).toBeGreaterThan(names.indexOf('DOCSORT_LOG_LEVEL'));
      expect(container?.envFrom, workload).toEqual(
        workload === 'setup'
          ? [
              { configMapRef: { name: 'site-settings' } },
              { secretRef: { name: 'setup-extra' }, prefix: 'X_' },
            ]
          : [{ configMapRef: { name: 'site-settings' } }],
      );
    }
  });

  it('hands the retention settings to the setup Job, which applies them, and refuses a negative one', async () => {
    const setupEnv = async (...args: string[]) => {
      const job = (await render(...trialValues, ...args)).find((m) => m.kind === 'Job') as Manifest;
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
    expect(await renderError(...trialValues, '--set', 'retention.documentsDays=-1')).toMatch(
      /retention.*documentsDays/,
    );
  });
});
