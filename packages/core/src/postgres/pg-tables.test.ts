import { decodePgPosition, encodePgPosition } from './pg-position.js'
import { pgMigrateScript } from './pg-migrate.js'
import { toQuestionMarks } from './pg-statement.js'
import { pgTables } from './pg-tables.js'

describe('pgTables', () => {
  it('derives distinct constraint names per table', () => {
    expect(pgTables({ events: 'a' }).versionConstraint).not.toBe(pgTables({ events: 'b' }).versionConstraint)
  })

  it('refuses one table for both events and bookmarks', () => {
    expect(() => pgTables({ events: 'store', bookmarks: 'store' })).toThrow(/must differ/)
    expect(() => pgTables({ events: 'public.store', bookmarks: 'store' })).toThrow(/must differ/)
    expect(pgTables({ events: 'a.store', bookmarks: 'b.store' }).bookmarks.sql).toBe('"b"."store"')
  })

  it('puts no unvalidated text into the migration script', () => {
    expect(() => pgMigrateScript(pgTables({ events: 'ev"ents' }))).toThrow(/invalid table name/)
  })
})

describe('Postgres positions', () => {
  it('round-trips (tx_id, position) keys and keeps their order', () => {
    const keys = [
      { txId: '0', seq: '0' },
      { txId: '751', seq: '42' },
      { txId: '751', seq: '9223372036854775807' },
      { txId: '752', seq: '1' },
      { txId: '10000', seq: '3' },
    ]
    const positions = keys.map(encodePgPosition)
    expect(positions.map(decodePgPosition)).toEqual(keys)
    const sorted = [...positions].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
    expect(sorted).toEqual(positions)
    expect(encodePgPosition({ txId: '751', seq: '42' })).toBe('7510000000000000000042')
  })
})

describe('toQuestionMarks', () => {
  it('expands repeated numbered placeholders in order', () => {
    expect(toQuestionMarks({ text: 'select $1, $2::text, $1', values: ['a', 'b'] })).toEqual({
      text: 'select ?, ?::text, ?',
      values: ['a', 'b', 'a'],
    })
  })
})

describe('pgTables snapshots', () => {
  it('derives the snapshots table from the events table, in its schema, and keeps bookmarks off it', () => {
    expect(pgTables({ events: 'app.orders' }).snapshots.sql).toBe('"app"."orders_snapshots"')
    expect(pgTables({ events: 'events' }).snapshots.raw).toBe('events_snapshots')
    expect(() => pgTables({ events: 'events', bookmarks: 'events_snapshots' })).toThrow(/options\.bookmarks: events_snapshots holds the snapshots/)
  })
})

describe('pgTables: the append channel', () => {
  it('is named after the schema and the events table, shortened past 63 characters', () => {
    expect(pgTables().channel).toBe('public_events_appends')
    expect(pgTables({ events: 'public.events' }).channel).toBe('public_events_appends')
    expect(pgTables({ events: 'app.events' }).channel).toBe('app_events_appends')
    const long = pgTables({ events: `app.${'e'.repeat(63)}` }).channel
    expect(long.length).toBeLessThanOrEqual(63)
    expect(long).toMatch(/^[a-z0-9_]+_appends$/)
    expect(long).not.toBe(pgTables({ events: `other.${'e'.repeat(63)}` }).channel)
  })
})
