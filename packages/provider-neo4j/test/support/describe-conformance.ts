import { runProviderConformance } from '@evtstore/conformance'
import { NEO4J_CAPABILITIES } from '../../src/key-limits.js'
import type { Neo4jKind } from './neo4j-lines.js'
import { openTestStore, type TestStore } from './test-store.js'

/**
 * The published conformance suite against one Neo4j line, twice: with the default page
 * size and with `limit: 1` (every read returns at most one event). Each run has its own
 * labels; the deterministic late-commit test holds an append open with the package's own
 * statements.
 */
export function describeNeo4jConformance(kind: Neo4jKind): void {
  for (const limit of [undefined, 1]) {
    let store: TestStore
    const name = limit === undefined ? 'Conf' : 'ConfLimit1'
    runProviderConformance({
      name: `${kind}${limit === undefined ? '' : ' limit 1'}`,
      // the name limits, handler leases (the lease group runs on each line) and aggregate
      // snapshots (<events>_Snapshots nodes: the snapshots group runs)
      capabilities: { ...NEO4J_CAPABILITIES, leases: true, snapshots: true },
      setup: async () => {
        store = await openTestStore(kind, limit === undefined ? 'conf' : 'conf1')
        await store.line.migrate({ client: store.driver, ...store.labels(name) })
      },
      teardown: () => store?.close(),
      createProvider: () =>
        store.line.createProvider({
          client: store.driver,
          ...store.labels(name),
          ...(limit === undefined ? {} : { limit }),
        }),
      migrate: () => store.line.migrate({ client: store.driver, ...store.labels(name) }),
      createProviderWithTableName: (events) =>
        store.line.createProvider({ client: store.driver, events, bookmarks: store.labels(name).bookmarks }),
      holdAppend: (_provider, request) => store.hold(name, request),
    })
  }
}
