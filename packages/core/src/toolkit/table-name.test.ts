import { isValidationError } from '../errors.js'
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
    expect(derivedName(parseTableName('a', 'x'), 'version_key')).not.toBe(derivedName(parseTableName('b', 'x'), 'version_key'))
  })
})
