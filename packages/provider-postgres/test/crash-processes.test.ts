// Exactly-once across crashes, with real OS processes: a handler process writing one
// projection row per event is SIGKILLed 5 times at random points and restarted. In its
// transaction (transactional: true) every event is applied once; in the ordinary mode the
// events after the last saved bookmark are applied again.
import { join } from 'node:path'
import { runCrashProcesses } from '@evtstore/conformance'
import { createProvider, migrate } from '../src/index.js'
import { openTestDatabase, type PostgresTestDatabase } from './support/database.js'

const script = join(__dirname, 'processes', 'crash-process.cjs')
let t: PostgresTestDatabase

beforeAll(async () => {
  t = await openTestDatabase('postgres_crash')
  await migrate({ sql: t.sql })
  // No unique key: a duplicate is a second row, counted rather than refused.
  await t.sql`CREATE TABLE crash_projection (event_id text NOT NULL)`
})
afterAll(() => t.close())

const crash = (transactional: boolean) =>
  runCrashProcesses({
    script,
    env: { EVTSTORE_TEST_DATABASE_URL: t.db.url },
    provider: createProvider({ sql: t.sql }),
    transactional,
    label: 'provider-postgres',
    countRows: async () => {
      const [row] = await t.sql`SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS distinct FROM crash_projection`
      return row as { rows: number; distinct: number }
    },
  })

it('transactional handler: 5 SIGKILLs at random points, every event applied exactly once', async () => {
  const report = await crash(true)
  expect(report.kills).toBe(5)
  expect(report).toMatchObject({ rows: report.events, distinct: report.events, duplicates: 0 })
}, 180_000)

it('ordinary handler, same crashes: nothing lost, but events applied twice (at-least-once)', async () => {
  const report = await crash(false)
  expect(report.kills).toBe(5)
  expect(report.distinct).toBe(report.events)
  expect(report.duplicates).toBeGreaterThan(0)
}, 180_000)
