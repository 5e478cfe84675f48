import type { Provider, ReadLogRequest, StoredEvent } from '@evtstore/core'
import { decodePgPosition, pgRowToEvent, type PgEventRow } from '@evtstore/core/postgres'
import type { PgTarget } from './pg-target.js'

// Deliberately broken readers, used only to show that the ordering proofs fail when the
// guarantee is broken. They keep the real provider's appends and bookmarks.

function withReadLog(
  provider: Provider,
  name: string,
  readLog: (r: ReadLogRequest) => Promise<StoredEvent[]>,
): Provider {
  return { ...provider, name, readLog }
}

function inList(streams: string[], first: number): string {
  return streams.map((_s, i) => `$${first + i}::text`).join(', ')
}

/**
 * A control: the real log order `(tx_id, position)`, but without the transaction-id gate.
 *
 * @example
 * ```ts
 * await heldAppendScenario(target, events, ungatedReader(target, events)) // loses the held event
 * ```
 */
export function ungatedReader(target: PgTarget, events: string): Provider {
  return withReadLog(target.provider(events), 'pg-without-gate', async (request) => {
    const after = decodePgPosition(request.after)
    const rows = await target.query(
      `SELECT position::text AS position, tx_id::text AS tx_id, stream, aggregate_id, version, event_id, payload, meta, "timestamp"
       FROM "${events}" AS ev WHERE stream IN (${inList(request.streams, 4)}) AND (ev.tx_id, ev.position) > ($1::xid8, $2::bigint)
       ORDER BY ev.tx_id, ev.position LIMIT $3::integer`,
      [after.txId, after.seq, request.limit, ...request.streams],
    )
    return (rows as PgEventRow[]).map(pgRowToEvent)
  })
}

/**
 * A control: the gate, but with the log ordered by the sequence alone (the position a
 * single bigint): a writer whose transaction id is older than another's can draw a later position.
 *
 * @example
 * ```ts
 * await earlyXidScenario(target, events, sequenceOrderReader(target, events)) // loses 'young'
 * ```
 */
export function sequenceOrderReader(target: PgTarget, events: string): Provider {
  return withReadLog(target.provider(events), 'pg-sequence-order', async (request) => {
    const rows = await target.query(
      `SELECT position::text AS position, '0' AS tx_id, stream, aggregate_id, version, event_id, payload, meta, "timestamp"
       FROM "${events}" AS ev WHERE stream IN (${inList(request.streams, 3)}) AND ev.position > $1::bigint
         AND ev.tx_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY ev.position LIMIT $2::integer`,
      [request.after, request.limit, ...request.streams],
    )
    return (rows as PgEventRow[]).map(pgRowToEvent)
  })
}
