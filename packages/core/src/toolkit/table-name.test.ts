import { isValidationError } from '../errors.js'
import { decodePgPosition, encodePgPosition } from './pg-position.js'
import { pgMigrateScript } from './pg-migrate.js'
import { toQuestionMarks } from './pg-statement.js'
import { pgTables } from './pg-tables.js'
import { derivedName, parseTableName } from './table-name.js'

function rejects(name: unknown): boolean {
  try {
    parseTableName(name, 'options.events')
    return false
  } catch (err) {
    return isValidationError(err) && err.path === 'options.events'
  }
}

describe('parseTableName', () => {
  it('accepts plain and schema-qualified names and quotes them', () => {
    expect(parseTableName('events', 'x').sql).toBe('"events"')
    expect(parseTableName('app.Events_2', 'x')).toMatchObject({
      schema: 'app',
      name: 'Events_2',
      sql: '"app"."Events_2"',
    })
  })

  it('refuses anything that is not a strict identifier', () => {
    for (const bad of [
      'events; drop table x',
      'ev"ents',
      '',
      'a.b.c',
      '.events',
      'events.',
      '1events',
      'ev ents',
      'é',
      'a'.repeat(64),
      42,
      null,
    ]) {
      expect(rejects(bad)).toBe(true)
    }
    expect(rejects('a'.repeat(63))).toBe(false)
  })
})

describe('derivedName', () => {
  it('derives distinct names per table and keeps them within 63 characters', () => {
    const long = parseTableName('x'.repeat(63), 'x')
    const other = parseTableName('x'.repeat(62) + 'y', 'x')
    expect(derivedName(parseTableName('s.orders', 'x'), 'event_id_key')).toBe('orders_event_id_key')
    expect(derivedName(long, 'version_key').length).toBeLessThanOrEqual(63)
    expect(derivedName(long, 'version_key')).not.toBe(derivedName(other, 'version_key'))
    expect(pgTables({ events: 'a' }).versionConstraint).not.toBe(pgTables({ events: 'b' }).versionConstraint)
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
