import { join } from 'node:path'
import { runCrashProcesses } from '@evtstore/conformance'
import { createProvider, migrate } from '../../src/index.js'
import { openTestStore, type StoreKind, type TestStore } from './test-stores.js'

const script = join(__dirname, '..', 'processes', 'crash-process.cjs')

/**
 * The crash test with real OS processes on one test database of `kind`: a handler process
 * writing one projection row per event is SIGKILLed 5 times at random points and
 * restarted. Transactional: every event applied once; ordinary mode: duplicates.
 */
export function registerCrashTests(kind: Exclude<StoreKind, 'sqlite-memory'>, driver: string): void {
  let store: TestStore
  const env = () => ({ EVTSTORE_KNEX_CLIENT: driver, EVTSTORE_KNEX_CONNECTION: store.url ?? store.filename! })
  beforeAll(async () => {
    store = await openTestStore(kind)
    await migrate({ client: store.db })
    // No unique key: a duplicate is a second row, counted rather than refused.
    await store.db.raw('CREATE TABLE crash_projection (event_id VARCHAR(200) NOT NULL)')
  }, 120_000)
  afterAll(() => store.close(), 120_000)

  const crash = (transactional: boolean) =>
    runCrashProcesses({
      script,
      env: env(),
      provider: createProvider({ client: store.db }),
      transactional,
      label: `provider-knex (${kind})`,
      countRows: async () => {
        const row = (await store.db('crash_projection').count({ rows: '*' }).countDistinct({ distinct: 'event_id' }).first()) as
          | { rows: unknown; distinct: unknown }
          | undefined
        return { rows: Number(row?.rows ?? 0), distinct: Number(row?.distinct ?? 0) }
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
}
