import { readFileSync } from 'node:fs';
import { loadComplianceConfig } from '@smsgw/compliance/config';
import { loadDispatcherConfig } from '@smsgw/dispatcher/config';
import { loadIngressConfig } from '@smsgw/ingress/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const base = {
  SMSGW_KAFKA_BROKERS: '127.0.0.1:9092',
  SMSGW_REDIS_URL: 'redis://127.0.0.1:6379',
  SMSGW_TENANTS_FILE: 'tenants.json',
  SMSGW_HASH_SALT: 'sixteen characters+',
  SMSGW_DISPATCHER_SMSC_HOST: '127.0.0.1',
  SMSGW_DISPATCHER_SMSC_PORT: '2775',
  SMSGW_DISPATCHER_SMSC_SYSTEM_ID: 'smsgw',
  SMSGW_DISPATCHER_SMSC_PASSWORD: 'secret',
};
const HOSTS = [
  'SMSGW_INGRESS_GRPC_HOST',
  'SMSGW_INGRESS_METRICS_HOST',
  'SMSGW_COMPLIANCE_GRPC_HOST',
  'SMSGW_COMPLIANCE_METRICS_HOST',
  'SMSGW_DISPATCHER_ADMIN_HOST',
  'SMSGW_DISPATCHER_METRICS_HOST',
];

describe('listen addresses', () => {
  it('keep every API, metrics and probe server on loopback unless told otherwise', () => {
    const ingress = loadIngressConfig(base);
    const compliance = loadComplianceConfig(base);
    const dispatcher = loadDispatcherConfig(base);
    expect([ingress.grpcHost, ingress.metricsHost]).toEqual(['127.0.0.1', '127.0.0.1']);
    expect([compliance.grpcHost, compliance.metricsHost]).toEqual(['127.0.0.1', '127.0.0.1']);
    expect([dispatcher.adminHost, dispatcher.metricsHost]).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('are exposed on purpose by the Kubernetes config, for Prometheus, probes and clients', () => {
    const file = new URL('../../deploy/k8s/base/config.yaml', import.meta.url);
    const config = parse(readFileSync(file, 'utf8')) as { data: Record<string, string> };
    for (const name of HOSTS) expect(config.data[name], name).toBe('0.0.0.0');
  });
});
