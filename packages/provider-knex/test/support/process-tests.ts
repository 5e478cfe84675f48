import { join } from 'node:path'
import { runExclusiveProcesses, runPartitionedProcesses } from '@evtstore/conformance'
import { createProvider, migrate } from '../../src/index.js'
import { openTestStore, type StoreKind, type TestStore } from './test-stores.js'

const script = join(__dirname, '..', 'processes', 'handler-process.cjs')

/**
 * Exclusive and partitioned handlers across real OS processes (child_process.fork) on one
 * test database of `kind`: SIGKILL of the active process, takeover, no overlap, no loss.
 */
export function registerProcessTests(kind: Exclude<StoreKind, 'sqlite-memory' | 'sqlite3-memory'>, driver: string): void {
  let store: TestStore
  const env = () => ({ EVTSTORE_KNEX_CLIENT: driver, EVTSTORE_KNEX_CONNECTION: store.url ?? store.filename! })
  beforeAll(async () => {
    store = await openTestStore(kind)
    await migrate({ client: store.db })
  }, 120_000)
  afterAll(() => store.close(), 120_000)

  it('runs an exclusive handler in 3 processes: SIGKILL of the active one, takeover within the lease, no overlap, nothing lost', async () => {
    await runExclusiveProcesses({ script, env: env(), provider: createProvider({ client: store.db }), label: `provider-knex (${kind})` })
  }, 120_000)

  it('splits a handler into 3 partitions over 4 processes: each event once, in its aggregate’s partition, in order', async () => {
    await runPartitionedProcesses({ script, env: env(), provider: createProvider({ client: store.db }), label: `provider-knex (${kind})` })
  }, 120_000)
}
