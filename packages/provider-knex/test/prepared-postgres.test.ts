import knexFactory, { type Knex } from 'knex'
import { pgStatementName } from '@evtstore/core/postgres'
import { createProvider, migrate } from '../src/index.js'
import { openTestStore, type TestStore } from './support/test-stores.js'

// knex on Postgres sends its statements as named node-postgres queries on connections of
// knex's pool, so each connection parses and plans them once (as provider-pg does).

let store: TestStore
let single: Knex

beforeAll(async () => {
  store = await openTestStore('postgres')
  // One connection: whatever the provider prepared is visible to the next query on it.
  single = knexFactory({ client: 'pg', connection: store.url!, pool: { min: 1, max: 1 } })
  await migrate({ client: single, events: 'prep_events', bookmarks: 'prep_bookmarks' })
})

afterAll(async () => {
  await single?.destroy()
  await store?.close()
})

const prepared = async () =>
  ((await single.raw('SELECT name, statement FROM pg_prepared_statements')) as { rows: Array<{ name: string; statement: string }> }).rows

it('prepares its statements once per pooled connection and reuses them', async () => {
  const provider = createProvider({ client: single, events: 'prep_events', bookmarks: 'prep_bookmarks' })
  const append = (expectedVersion: number) =>
    provider.append({ stream: 'account', aggregateId: 'p-1', expectedVersion, events: [{ id: `p-1-${expectedVersion}`, event: { type: 'opened' } }] })
  await append(0)
  await append(1)
  await provider.readAggregate({ stream: 'account', aggregateId: 'p-1', afterVersion: 0, limit: 10 })
  const statements = await prepared()
  const inserts = statements.filter((s) => s.statement.startsWith('INSERT INTO "prep_events"'))
  expect(inserts).toHaveLength(1) // two appends, one prepared statement
  expect(inserts[0]!.name).toBe(pgStatementName(inserts[0]!.statement))
  expect(statements.some((s) => s.statement.startsWith('SELECT') && s.statement.includes('"prep_events"'))).toBe(true)
})

it('keeps statements inside a knex transaction on that transaction (through knex.raw)', async () => {
  const provider = createProvider({ client: single, events: 'prep_events', bookmarks: 'prep_bookmarks' })
  await single.transaction(async (trx) => {
    const inside = createProvider({ client: trx, events: 'prep_events', bookmarks: 'prep_bookmarks' })
    await inside.setBookmark('prep-trx', '0')
    await trx.rollback()
  }).catch(() => undefined)
  expect(await provider.getBookmark('prep-trx')).toBe('0')
  const [row] = ((await single.raw("SELECT count(*)::int AS n FROM prep_bookmarks WHERE name = 'prep-trx'")) as { rows: Array<{ n: number }> }).rows
  expect(row!.n).toBe(0)
})
