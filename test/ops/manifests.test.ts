import { execFileSync } from 'node:child_process';
import {
  PodMonitor,
  PrometheusRule,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DEPLOY, readRules } from './prometheus-tools.js';

// The Kubernetes manifests, rendered offline with `kubectl kustomize` (client only) and checked
// against the Kubernetes and Prometheus Operator schemas (kubernetes-models' validators), then
// for what an SRE expects of every service: probes on /readyz and /livez, resources, a locked
// down security context, a PodDisruptionBudget, an autoscaler, no Secret in the repository.

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; spec?: unknown };

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

function render(dir: string): Manifest[] {
  const text = execFileSync('kubectl', ['kustomize', `${DEPLOY}k8s/${dir}`], { encoding: 'utf8' });
  return parseAllDocuments(text).map((d) => d.toJS() as Manifest);
}

describe.each(['base', 'overlays/production'])('deploy/k8s/%s', (dir) => {
  const manifests = render(dir);
  const named = (kind: string) => manifests.filter((m) => m.kind === kind);

  it('validates every object against its schema', () => {
    for (const m of manifests) {
      const Model = MODELS[`${m.apiVersion}/${m.kind}`];
      expect(Model, `a schema for ${m.apiVersion} ${m.kind}`).toBeDefined();
      expect(
        () => new (Model as NonNullable<typeof Model>)(m as never).validate(),
        `${m.kind}/${m.metadata.name}`,
      ).not.toThrow();
    }
  });

  it('runs every service with probes, resources and a locked-down security context', () => {
    const deployments = named('Deployment').map((m) => new Deployment(m as never));
    expect(deployments.map((d) => d.metadata?.name).sort()).toEqual([
      'smsgw-compliance',
      'smsgw-dispatcher',
      'smsgw-ingress',
    ]);
    for (const d of deployments) {
      const name = d.metadata?.name;
      const pod = d.spec?.template.spec;
      const c = pod?.containers[0];
      expect(c?.readinessProbe?.httpGet?.path, name).toBe('/readyz');
      expect(c?.livenessProbe?.httpGet?.path, name).toBe('/livez');
      expect(c?.resources?.requests?.cpu, name).toBeTruthy();
      expect(c?.resources?.limits?.memory, name).toBeTruthy();
      expect(pod?.securityContext?.runAsNonRoot, name).toBe(true);
      expect(c?.securityContext, name).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(c?.image, name).not.toMatch(/:latest$|^[^:]+$/);
      expect(c?.command?.at(-1), name).toMatch(/^services\/[a-z-]+\/dist\/main\.mjs$/);
    }
  });

  it('gives every service a PodDisruptionBudget and an autoscaler', () => {
    for (const name of ['smsgw-ingress', 'smsgw-compliance', 'smsgw-dispatcher']) {
      expect(named('PodDisruptionBudget').map((m) => m.metadata.name)).toContain(name);
      expect(named('HorizontalPodAutoscaler').map((m) => m.metadata.name)).toContain(name);
    }
  });

  it('denies every flow by default and commits no Secret', () => {
    expect(named('NetworkPolicy').map((m) => m.metadata.name)).toContain('smsgw-default-deny');
    expect(named('Secret')).toEqual([]);
  });

  it('carries the rule files unchanged in the PrometheusRule', () => {
    const [rule] = named('PrometheusRule') as unknown as {
      spec: { groups: { rules: unknown[] }[] };
    }[];
    const rules = rule?.spec.groups.flatMap((g) => g.rules);
    expect(rules).toEqual([...readRules('recording.yml'), ...readRules('alerts.yml')]);
  });
});

describe('the production overlay', () => {
  it('autoscales the Kafka stages on consumer lag as well as CPU', () => {
    const hpas = render('overlays/production').filter((m) => m.kind === 'HorizontalPodAutoscaler');
    for (const name of ['smsgw-compliance', 'smsgw-dispatcher']) {
      const hpa = hpas.find((h) => h.metadata.name === name) as unknown as {
        spec: { metrics: { type: string }[] };
      };
      expect(hpa.spec.metrics.map((m) => m.type).sort(), name).toEqual(['External', 'Resource']);
    }
  });
});
