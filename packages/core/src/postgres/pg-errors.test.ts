import { DuplicateEventError, ProviderError, VersionConflictError } from '../errors.js'
import type { AppendRequest } from '../provider.js'
import { classifyPgError, pgAppendError, pgConnectionRefused, pgSqlState } from './pg-errors.js'
import { pgStatementName } from './pg-statement.js'
import { pgTables } from './pg-tables.js'

const tables = pgTables({ events: 'app.orders' })
const request: AppendRequest = {
  stream: 's',
  aggregateId: 'a',
  expectedVersion: 2,
  events: [{ id: 'e1', event: { type: 't' } }],
}

describe('classifyPgError', () => {
  it('tells the constraints apart by name, for node-postgres and postgres.js error shapes', () => {
    expect(classifyPgError({ code: '23505', constraint: 'orders_version_key' }, tables)).toBe(
      'version-conflict',
    )
    expect(classifyPgError({ code: '23505', constraint_name: 'orders_event_id_key' }, tables)).toBe(
      'duplicate-event',
    )
    expect(classifyPgError({ code: '23505', constraint: 'orders_pkey' }, tables)).toBe('other')
    expect(classifyPgError({ code: '23505', constraint: 'events_version_key' }, tables)).toBe('other')
    expect(classifyPgError({ code: '42P01' }, tables)).toBe('other')
    expect(classifyPgError(new Error('unique violation on orders_version_key'), tables)).toBe('other')
  })

  it('maps to the evtstore error with the driver error as cause', () => {
    const clash = { code: '23505', constraint: 'orders_version_key' }
    const conflict = pgAppendError('pg', tables, request, clash)
    expect(conflict).toBeInstanceOf(VersionConflictError)
    expect(conflict).toMatchObject({ expectedVersion: 2, cause: clash })
    expect(
      pgAppendError('pg', tables, request, { code: '23505', constraint: 'orders_event_id_key' }),
    ).toBeInstanceOf(DuplicateEventError)
    const lost = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    const wrapped = pgAppendError('pg', tables, request, lost)
    expect(wrapped).toBeInstanceOf(ProviderError)
    expect(wrapped.cause).toBe(lost)
    expect(pgSqlState(lost)).toBeUndefined()
  })
})

describe('pgConnectionRefused', () => {
  const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' })

  it('is true for a refused connection, also when every address of an AggregateError was refused', () => {
    expect(pgConnectionRefused(refused('127.0.0.1:5432'))).toBe(true)
    expect(pgConnectionRefused(new AggregateError([refused('::1:5432'), refused('127.0.0.1:5432')]))).toBe(true)
  })

  it('is false for errors after a connection was made (the statement may have run)', () => {
    expect(pgConnectionRefused(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(false)
    expect(pgConnectionRefused(Object.assign(new Error('Connection terminated unexpectedly'), {}))).toBe(false)
    expect(pgConnectionRefused({ code: 'CONNECTION_CLOSED' })).toBe(false)
    expect(pgConnectionRefused({ code: '57P01' })).toBe(false)
    expect(pgConnectionRefused(new AggregateError([refused('::1:5432'), Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })]))).toBe(false)
    expect(pgConnectionRefused(new AggregateError([]))).toBe(false)
    expect(pgConnectionRefused(undefined)).toBe(false)
  })
})

describe('pgStatementName', () => {
  it('is stable per text and differs between texts', () => {
    expect(pgStatementName('select 1')).toBe(pgStatementName('select 1'))
    expect(pgStatementName('select 1')).not.toBe(pgStatementName('select 2'))
    expect(pgStatementName('select 1')).toMatch(/^evtstore_[0-9a-f]{16}$/)
  })
})
