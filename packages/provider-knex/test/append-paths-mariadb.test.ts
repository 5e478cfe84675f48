import { ProviderError, VersionConflictError, type AppendRequest, type StoredEvent } from '@evtstore/core'
import { assertStressComplete, runOrderingStress } from '@evtstore/conformance'
import knexFactory, { type Knex } from 'knex'
import { createProvider, migrate } from '../src/index.js'
import { caught } from './support/test-helpers.js'
import { openTestStore, type TestStore } from './support/test-stores.js'

// The two ways an append reaches MariaDB. With the store's position trigger (made by
// migrate on MariaDB 10.5+) an append is one INSERT, committed on its own; the trigger
// takes the positions from the counter row and checks the version. Without it (a server
// that refused the trigger, MySQL) the append is a transaction of its own statements.
// Both lock the same counter row, so providers of either kind (a rolling deploy) may
// write to one store at once.

const TRIGGER = 'events_position_trigger'

let store: TestStore
beforeAll(async () => {
  store = await openTestStore('mariadb')
  await migrate({ client: store.db })
}, 60_000)
afterAll(() => store?.close())

const request = (aggregateId: string, expectedVersion: number, ...ids: string[]): AppendRequest => ({
  stream: 's',
  aggregateId,
  expectedVersion,
  events: ids.map((id) => ({ id, event: { type: 't', id } })),
})

/** The first word of each statement `work` sends on `db`. */
async function statementsOf(db: Knex, work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = []
  const record = (query: { sql: string }) => void sent.push(query.sql.trim().split(/\s+/)[0]!.toUpperCase())
  db.on('query', record)
  try {
    await work()
  } finally {
    db.off('query', record)
  }
  return sent
}

/** A provider that found no trigger on its first append: it keeps the transaction. */
async function transactionProvider(db: Knex) {
  await db.raw(`DROP TRIGGER IF EXISTS ${TRIGGER}`)
  const provider = createProvider({ client: db })
  await provider.append(request(`tx-${Date.now()}`, 0, `tx-first-${Date.now()}`))
  await migrate({ client: db })
  return provider
}

async function triggerCount(db: Knex): Promise<number> {
  const [rows] = (await db.raw(
    'SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = ?',
    [TRIGGER],
  )) as [Array<{ n: number }>]
  return Number(rows[0]!.n)
}

it('migrate creates the position trigger, and again leaves it be', async () => {
  expect(await triggerCount(store.db)).toBe(1)
  await migrate({ client: store.db })
  expect(await triggerCount(store.db)).toBe(1)
})

it('appends in one INSERT with the trigger, returning positions and the stored timestamp', async () => {
  const provider = createProvider({ client: store.db })
  await provider.append(request('one', 0, 'one-0'))
  let stored: StoredEvent[] = []
  const sent = await statementsOf(store.db, async () => {
    stored = await provider.append(request('one', 1, 'one-1', 'one-2'))
  })
  expect(sent).toEqual(['INSERT'])
  const read = await provider.readAggregate({ stream: 's', aggregateId: 'one', afterVersion: 1, limit: 10 })
  expect(read.map((e) => [e.position, e.version, e.timestamp.getTime()])).toEqual(
    stored.map((e) => [e.position, e.version, e.timestamp.getTime()]),
  )
  expect(BigInt(stored[1]!.position) - BigInt(stored[0]!.position)).toBe(1n)
})

it('appends in five statements without the trigger, the insert returning the stored timestamp', async () => {
  const provider = await transactionProvider(store.db)
  await provider.append(request('five', 0, 'five-0'))
  let stored: StoredEvent[] = []
  const sent = await statementsOf(store.db, async () => {
    stored = await provider.append(request('five', 1, 'five-1'))
  })
  expect(sent).toEqual(['BEGIN;', 'UPDATE', 'SELECT', 'INSERT', 'COMMIT;'])
  const [read] = await provider.readAggregate({ stream: 's', aggregateId: 'five', afterVersion: 1, limit: 10 })
  expect(read!.timestamp.getTime()).toBe(stored[0]!.timestamp.getTime())
})

it('a provider that found the trigger appends through the transaction once it is gone, storing nothing twice', async () => {
  const db = store.connect()
  const provider = createProvider({ client: db })
  await provider.append(request('gone', 0, 'gone-0'))
  await db.raw(`DROP TRIGGER ${TRIGGER}`)
  try {
    const stored = await provider.append(request('gone', 1, 'gone-1', 'gone-2'))
    const read = await provider.readAggregate({ stream: 's', aggregateId: 'gone', afterVersion: 0, limit: 10 })
    expect(read.map((e) => [e.id, e.position])).toEqual([
      ['gone-0', read[0]!.position],
      ...stored.map((e) => [e.id, e.position]),
    ])
    const sent = await statementsOf(db, () => provider.append(request('gone', 3, 'gone-3')))
    expect(sent).toEqual(['BEGIN;', 'UPDATE', 'SELECT', 'INSERT', 'COMMIT;'])
  } finally {
    await migrate({ client: store.db })
  }
})

it('migrate drops the auto-increment of a position column made by an earlier version', async () => {
  await store.db.raw('CREATE TABLE old_events LIKE events')
  await store.db.raw('ALTER TABLE old_events MODIFY position BIGINT UNSIGNED NOT NULL AUTO_INCREMENT')
  await migrate({ client: store.db, events: 'old_events', bookmarks: 'old_bookmarks' })
  const [columns] = (await store.db.raw(
    "SELECT EXTRA AS extra FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'old_events' AND COLUMN_NAME = 'position'",
  )) as [Array<{ extra: string }>]
  expect(columns[0]!.extra).not.toMatch(/auto_increment/i)
  const provider = createProvider({ client: store.db, events: 'old_events', bookmarks: 'old_bookmarks' })
  const sent = await statementsOf(store.db, () => provider.append(request('old', 0, 'old-0')))
  expect(sent).toEqual(['SELECT', 'INSERT'])
})

it('the trigger refuses a version that is not the next one and stores nothing', async () => {
  const provider = createProvider({ client: store.db })
  await provider.append(request('vc', 0, 'vc-0', 'vc-1'))
  for (const expectedVersion of [0, 1, 3]) {
    const error = await caught(provider.append(request('vc', expectedVersion, `vc-x${expectedVersion}`, `vc-y${expectedVersion}`)))
    expect(error).toBeInstanceOf(VersionConflictError)
    expect(error).toMatchObject({ stream: 's', aggregateId: 'vc', expectedVersion, actualVersion: 2 })
  }
  const read = await provider.readAggregate({ stream: 's', aggregateId: 'vc', afterVersion: 0, limit: 10 })
  expect(read.map((e) => e.id)).toEqual(['vc-0', 'vc-1'])
  // The refused appends took no position: the next one follows the last stored.
  const [next] = await provider.append(request('vc', 2, 'vc-2'))
  expect(BigInt(next!.position) - BigInt(read[1]!.position)).toBe(1n)
})

it('without the counter row the trigger refuses the append with a ProviderError naming migrate()', async () => {
  const db = store.connect()
  await migrate({ client: db, events: 'lonely_events', bookmarks: 'lonely_bookmarks' })
  await db.raw('DELETE FROM lonely_events_counter')
  const provider = createProvider({ client: db, events: 'lonely_events', bookmarks: 'lonely_bookmarks' })
  const error = await caught(provider.append(request('lonely', 0, 'lonely-0')))
  expect(error).toBeInstanceOf(ProviderError)
  expect((error as Error).message).toMatch(/no counter row: run migrate\(\)/)
  const [rows] = (await db.raw('SELECT COUNT(*) AS n FROM lonely_events')) as [Array<{ n: number }>]
  expect(Number(rows[0]!.n)).toBe(0)
})

it('16 writers, half through the trigger and half through the transaction, store every event once, a handler sees them in order', async () => {
  const viaTransaction = await transactionProvider(store.connect())
  expect(await triggerCount(store.db)).toBe(1)
  const viaTrigger = createProvider({ client: store.db })
  const reader = createProvider({ client: store.connect(), limit: 50 })
  const totals = await runOrderingStress({
    label: 'knex+mariadb, trigger and transaction side by side',
    writerProviders: [viaTrigger, viaTransaction],
    reader,
    appendsPerWriter: 12,
  })
  assertStressComplete(totals, 16 * 12)
}, 120_000)

it('a user without the TRIGGER privilege migrates without the trigger and appends in a transaction', async () => {
  const database = (await store.db.raw('SELECT DATABASE() AS d'))[0][0].d as string
  const user = `evt_${Date.now().toString(36)}`
  await store.db.raw(`CREATE USER '${user}'@'%' IDENTIFIED BY 'pw'`)
  try {
    await store.db.raw(`GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX ON \`${database}\`.* TO '${user}'@'%'`)
    const url = new URL(store.url!)
    url.username = user
    url.password = 'pw'
    const db = knexFactory({ client: 'mysql2', connection: url.toString(), pool: { min: 0, max: 4 } })
    try {
      await migrate({ client: db, events: 'plain_events', bookmarks: 'plain_bookmarks' })
      const [rows] = (await store.db.raw(
        'SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = ?',
        ['plain_events'],
      )) as [Array<{ n: number }>]
      expect(Number(rows[0]!.n)).toBe(0)
      const provider = createProvider({ client: db, events: 'plain_events', bookmarks: 'plain_bookmarks' })
      const sent = await statementsOf(db, () => provider.append(request('plain', 0, 'plain-0')))
      expect(sent).toEqual(expect.arrayContaining(['BEGIN;', 'UPDATE', 'INSERT', 'COMMIT;']))
      const error = await caught(provider.append(request('plain', 0, 'plain-x')))
      expect(error).toBeInstanceOf(VersionConflictError)
      const read = await provider.readAggregate({ stream: 's', aggregateId: 'plain', afterVersion: 0, limit: 10 })
      expect(read.map((e) => e.id)).toEqual(['plain-0'])
    } finally {
      await db.destroy()
    }
  } finally {
    await store.db.raw(`DROP USER '${user}'@'%'`)
  }
}, 60_000)
