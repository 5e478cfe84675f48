import type { Provider } from '@evtstore/core'
import { runProviderConformance, type ConformanceOptions } from '../../src/index.js'
import { createCollectingRunner, type Outcome } from './collecting-runner.js'

/** Runs the whole suite (or the groups `register` registers) for `createProvider` with the collecting runner; resolves to every outcome. */
export async function runCollected(
  createProvider: () => Provider,
  extra: Partial<ConformanceOptions> = {},
  register: (options: ConformanceOptions) => void = runProviderConformance,
): Promise<Outcome[]> {
  const { runner, run } = createCollectingRunner()
  // The lease tests run exactly for providers that keep leases (as the suite's options must say).
  const probe = createProvider()
  const leases = probe.capabilities?.leases === true
  // So do the push tests, for providers that push.
  const push = probe.capabilities?.push === true
  register({
    name: 'meta',
    createProvider,
    capabilities: { persistent: false, snapshots: true, ...(leases ? { leases: true } : {}), ...(push ? { push: true } : {}) },
    stress: { writers: 8, appendsPerWriter: 6 },
    ...extra,
    runner,
  })
  return run()
}

/** The failed outcomes by test name. */
export function failuresOf(outcomes: Outcome[]): Map<string, string> {
  return new Map(outcomes.filter((o) => o.status === 'failed').map((o) => [o.name, o.message ?? '']))
}
