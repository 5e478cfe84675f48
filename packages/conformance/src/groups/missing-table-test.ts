import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { guardProvider } from '@evtstore/core'
import type { ConformanceTest } from '../define-group.js'
import { assertErrorCode, catchError, describeError } from '../support/expect-error.js'
import { newEvent } from '../support/new-events.js'
import { randomAggregateId, randomStream } from '../support/random-names.js'

const GUARANTEE = 'tell errors apart (only a real version clash is a VersionConflictError)'

/** A valid table name that no migration created. */
function missingTableName(): string {
  return `evt_missing_${randomUUID().replace(/-/g, '').slice(0, 16)}`
}

/** Awaits `action` on the missing table: it must fail with a ProviderError carrying the driver's error. */
async function expectProviderFailure(operation: string, table: string, action: () => unknown): Promise<void> {
  const err = await catchError(
    action,
    `${GUARANTEE}: ${operation} on the table ${table}, which was never migrated, must fail, but it succeeded (createProviderWithTableName must not create tables)`,
  )
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined
  assert.notEqual(
    code,
    'VERSION_CONFLICT',
    `${GUARANTEE}: ${operation} on a missing table was reported as a version conflict (${describeError(err)}); a driver failure must be another error, with its cause`,
  )
  assertErrorCode(err, 'PROVIDER_FAILURE', `${GUARANTEE}: ${operation} on a missing table must fail with ProviderError`)
  assert.ok(
    (err as { cause?: unknown }).cause !== undefined,
    `${GUARANTEE}: the ProviderError of ${operation} on a missing table must carry the driver's error as cause`,
  )
}

/**
 * The provider contract (docs/architecture.md): a driver failure (here a missing table) is not a version conflict. The
 * provider for a valid but never-migrated table name is called through core's guard, as
 * core calls it: errors that are not evtstore errors become ProviderError with a cause.
 * Bookmarks are left out: the hook names the events table, the bookmark table may exist.
 */
export const missingTableTest: ConformanceTest = {
  name: 'reports a missing table as a provider failure, not a version conflict',
  skipReason: (options) =>
    options.createProviderWithTableName === undefined ? 'no createProviderWithTableName hook given' : undefined,
  async run({ options }) {
    const table = missingTableName()
    const raw = await options.createProviderWithTableName!(table)
    const provider = guardProvider(raw)
    try {
      const stream = randomStream()
      const aggregateId = randomAggregateId()
      await expectProviderFailure('append', table, () =>
        provider.append({ stream, aggregateId, expectedVersion: 0, events: [newEvent({ type: 'missing' })] }),
      )
      await expectProviderFailure('readLog', table, () => provider.readLog({ streams: [stream], after: '0', limit: 10 }))
      await expectProviderFailure('readAggregate', table, () =>
        provider.readAggregate({ stream, aggregateId, afterVersion: 0, limit: 10 }),
      )
    } finally {
      await options.releaseProvider?.(raw)
    }
  },
}
