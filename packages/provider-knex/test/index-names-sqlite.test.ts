import { isProviderError } from '@evtstore/core'
import { caught } from './support/test-helpers.js'
import { migrate } from '../src/index.js'
import { openTestStore, type TestStore } from './support/test-stores.js'

// SQLite index names are per schema: a derived name already used by another table's
// index must fail migrate instead of leaving the store without its unique keys.

let store: TestStore
beforeAll(async () => {
  store = await openTestStore('sqlite-memory')
})
afterAll(() => store.close())

describe('SQLite index names', () => {
  it('fails loudly when an index name the store needs belongs to another table', async () => {
    await store.db.raw('CREATE TABLE other (stream TEXT, aggregate_id TEXT, version INTEGER)')
    await store.db.raw('CREATE UNIQUE INDEX t_version_key ON other (stream, aggregate_id, version)')
    const err = await caught(migrate({ client: store.db, events: 't', bookmarks: 't_bookmarks' }))
    expect(isProviderError(err)).toBe(true)
    expect((err as Error).message).toMatch(/t_version_key/)
  })

  it('gives stores whose names extend each other their own indexes', async () => {
    await migrate({ client: store.db, events: 'a', bookmarks: 'a_bookmarks' })
    await migrate({ client: store.db, events: 'a_stream', bookmarks: 'a_stream_bookmarks' })
    const rows = (await store.db.raw(
      `SELECT tbl_name AS tbl, count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('a', 'a_stream') GROUP BY tbl_name ORDER BY tbl_name`,
    )) as Array<{ tbl: string; n: number }>
    expect(rows.map((r) => ({ ...r }))).toEqual([
      { tbl: 'a', n: 3 },
      { tbl: 'a_stream', n: 3 },
    ])
  })
})
