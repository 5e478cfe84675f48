import type { StoredEvent } from '@evtstore/core'
import type { KnexLike } from '../knex-like.js'
import { knexFamily } from './knex-raw-rows.js'

/**
 * Sets the `timestamp` of copied events on a store of this provider (its tables as
 * `migrate()` makes them), in the form each dialect keeps: ISO text on SQLite,
 * `TIMESTAMP(3)` on MySQL/MariaDB, `timestamptz` on Postgres.
 */
export function restoreKnexTimestamps(knex: KnexLike, events: string) {
  const family = knexFamily(knex, 'options.to.client')
  return async (stored: StoredEvent[], timestamp: Date): Promise<void> => {
    if (stored.length === 0) return
    const ids = stored.map((event) => event.id)
    const marks = ids.map(() => '?').join(', ')
    const value = family === 'mysql' ? 'FROM_UNIXTIME(? / 1000)' : '?'
    const bound = family === 'mysql' ? timestamp.getTime() : timestamp.toISOString()
    await knex.raw(`UPDATE ?? SET ?? = ${value} WHERE event_id IN (${marks})`, [events, 'timestamp', bound, ...ids])
  }
}
