import { Counter, type Registry } from '@smsgw/observability';

/** Compliance metrics. */
export function createComplianceMetrics(registry: Registry) {
  return {
    decisions: new Counter({ name: 'smsgw_compliance_decisions_total', help: 'Decisions by outcome', labelNames: ['decision'], registers: [registry] }),
  };
}
