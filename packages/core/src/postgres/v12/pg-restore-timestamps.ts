import type { StoredEvent } from '../../envelope.js'
import type { SqlRun } from '../../toolkit/sql-statement.js'
import type { PgTables } from '../pg-tables.js'

/**
 * Sets the `timestamp` of copied events in a store of this version on Postgres (the
 * tables `migrate()` makes), for `copyV12Store`.
 *
 * @example
 * ```ts
 * const restoreTimestamps = pgRestoreTimestamps(run, pgTables({ events: 'events' }, 'options'))
 * ```
 */
export function pgRestoreTimestamps(run: SqlRun, tables: PgTables) {
  return async (stored: StoredEvent[], timestamp: Date): Promise<void> => {
    if (stored.length === 0) return
    const ids = stored.map((event) => event.id)
    const marks = ids.map((_id, index) => `$${index + 2}`).join(', ')
    await run({
      text: `UPDATE ${tables.events.sql} SET "timestamp" = $1::timestamptz WHERE event_id IN (${marks})`,
      values: [timestamp.toISOString(), ...ids],
    })
  }
}
