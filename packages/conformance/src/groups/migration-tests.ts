import assert from 'node:assert/strict'
import type { ConformanceGroup, ConformanceTest } from '../define-group.js'
import type { ConformanceOptions } from '../options.js'
import { assertErrorCode, catchError } from '../support/expect-error.js'
import { numberedEvents } from '../support/new-events.js'
import { randomAggregateId, randomStream } from '../support/random-names.js'
import { readWholeAggregate } from '../support/read-all.js'
import { missingTableTest } from './missing-table-test.js'

const NO_MIGRATE = 'no migrate hook given (options.migrate)'
const NO_TABLE_HOOK = 'no createProviderWithTableName hook given'

const needsMigrate = (options: ConformanceOptions) => (options.migrate === undefined ? NO_MIGRATE : undefined)
const needsTableHook = (options: ConformanceOptions) =>
  options.createProviderWithTableName === undefined ? NO_TABLE_HOOK : undefined

/** A test that a table name is refused with ValidationError before any I/O. */
function refusesTableName(label: string, tableName: string): ConformanceTest {
  return {
    name: `refuses ${label} as a table name with ValidationError`,
    skipReason: needsTableHook,
    async run({ options }) {
      const err = await catchError(async () => {
        const provider = await options.createProviderWithTableName!(tableName)
        try {
          await provider.readLog({ streams: [randomStream()], after: '0', limit: 1 })
        } finally {
          await options.releaseProvider?.(provider)
        }
      }, `table name validation: ${JSON.stringify(tableName.slice(0, 40))} must be refused, but the provider accepted it and read`)
      assertErrorCode(err, 'VALIDATION_FAILED', `table name validation: ${label} must be refused with ValidationError before any I/O`)
    },
  }
}

/** Migrations and configured names. */
export const migrationGroup: ConformanceGroup = {
  name: 'migration',
  tests: [
    {
      name: 'migrate() can run twice',
      skipReason: needsMigrate,
      slow: true,
      async run({ options, provider }) {
        await options.migrate!()
        await options.migrate!()
        const stream = randomStream()
        const aggregateId = randomAggregateId()
        await provider.append({ stream, aggregateId, expectedVersion: 0, events: numberedEvents(2) })
        const stored = await readWholeAggregate(provider, stream, aggregateId)
        assert.equal(stored.length, 2, 'migration: after migrate() ran twice the provider must append and read as before')
      },
    },
    {
      name: 'accepts a plain table name',
      skipReason: needsTableHook,
      async run({ options }) {
        const provider = await options.createProviderWithTableName!('evtstore_conformance_events')
        await options.releaseProvider?.(provider)
        assert.equal(typeof provider.append, 'function', 'createProviderWithTableName must return a provider for a valid name')
      },
    },
    refusesTableName('a name with a statement separator', 'events; drop table x'),
    refusesTableName('a name with a double quote', 'ev"ents'),
    refusesTableName('a name with a backtick and a space', 'ev`ents x'),
    refusesTableName('an empty name', ''),
    refusesTableName('a 300-character name', 'e'.repeat(300)),
    missingTableTest,
  ],
}
