// Exclusive and partitioned handlers across real OS processes (child_process.fork), on
// one test database: SIGKILL of the active process, takeover, no overlap, no loss.
import { join } from 'node:path'
import { runExclusiveProcesses, runPartitionedProcesses } from '@evtstore/conformance'
import { createProvider, migrate } from '../src/index.js'
import { openTestDatabase, type PgTestDatabase } from './support/database.js'

const script = join(__dirname, 'processes', 'handler-process.cjs')
let t: PgTestDatabase

beforeAll(async () => {
  t = await openTestDatabase('pg_processes')
  await migrate({ client: t.pool })
})
afterAll(() => t.close())

it('runs an exclusive handler in 3 processes: SIGKILL of the active one, takeover within the lease, no overlap, nothing lost', async () => {
  const report = await runExclusiveProcesses({ script, env: { EVTSTORE_TEST_DATABASE_URL: t.db.url }, provider: createProvider({ client: t.pool }), label: 'provider-pg' })
  expect(report.failoverMs).toBeLessThan(3_100)
}, 120_000)

it('splits a handler into 3 partitions over 4 processes: each event once, in its aggregate’s partition, in order', async () => {
  await runPartitionedProcesses({ script, env: { EVTSTORE_TEST_DATABASE_URL: t.db.url }, provider: createProvider({ client: t.pool }), label: 'provider-pg' })
}, 120_000)
