import { runExclusiveProcesses, runPartitionedProcesses } from '@evtstore/conformance'
import { join } from 'node:path'
import type { Neo4jKind } from './neo4j-lines.js'
import { pausedHolderScenario } from './paused-process.js'
import { openTestStore, type TestStore } from './test-store.js'

const script = join(__dirname, '..', 'processes', 'handler-process.cjs')

/**
 * Exclusive and partitioned handlers across real OS processes (child_process.fork, the
 * built package) on one line's server: SIGKILL of the active process, takeover within the
 * lease, no two processes handling at once, nothing lost, each aggregate in order; and a
 * process paused past its lease (SIGSTOP) that wakes after a takeover never moves the bookmark.
 */
export function describeNeo4jProcesses(kind: Neo4jKind): void {
  describe(`handlers in several processes on ${kind}`, () => {
    let store: TestStore
    const env = (name: string) => ({
      EVTSTORE_NEO4J_URL: store.db.url,
      EVTSTORE_NEO4J_ENTRY: store.line.versionKey ? 'v3' : 'main',
      ...Object.fromEntries(Object.entries(store.labels(name)).map(([key, label]) => [`EVTSTORE_NEO4J_${key.toUpperCase()}`, label])),
    })
    beforeAll(async () => {
      store = await openTestStore(kind, 'procs')
    }, 120_000)
    afterAll(() => store?.close(), 120_000)

    it('runs an exclusive handler in 3 processes: SIGKILL of the active one, takeover within the lease, no overlap, nothing lost', async () => {
      const provider = await store.open('Exclusive')
      await runExclusiveProcesses({ script, env: env('Exclusive'), provider, label: `provider-neo4j (${store.line.title})` })
    }, 180_000)

    it('splits a handler into 3 partitions over 4 processes: each event once, in its aggregate’s partition, in order', async () => {
      const provider = await store.open('Partitioned')
      await runPartitionedProcesses({ script, env: env('Partitioned'), provider, label: `provider-neo4j (${store.line.title})` })
    }, 180_000)

    it('a process paused past its lease (SIGSTOP) wakes after a takeover and cannot move the bookmark back (no event handled again)', async () => {
      const provider = await store.open('Paused')
      const outcome = await pausedHolderScenario({ script, env: env('Paused'), provider })
      expect(outcome.bookmark).toBe(outcome.last)
      expect(outcome.begunAfterWaking).toBe(0)
      expect(outcome.lostReported).toBe(true)
    }, 180_000)
  })
}
