import type { Collection } from 'mongodb'
import type { DomainResult } from '@evtstore/core'
import type { ticket } from './ticket.js'

/** One row of the read model: a ticket as a list page would show it. */
export interface TicketRow {
  /** The ticket's aggregate id. */
  _id: string
  title: string
  assignee: string | null
  status: 'open' | 'closed'
  resolution: string | null
  /** The version of the last event applied to the row. */
  version: number
}

/** `createHandler` of a domain holding the {@link ticket} aggregate. */
export type TicketCreateHandler = DomainResult<{ ticket: typeof ticket }>['createHandler']

/** MongoDB's duplicate-key error code. */
const DUPLICATE_KEY = 11000

/** The name the read model's handler saves its bookmark under. */
export const TICKET_VIEW_HANDLER = 'ticket-view'

/**
 * The handler that keeps the `ticket_view` collection up to date from the `ticket`
 * stream. Its bookmark lives in the provider's `bookmarks` collection, so a later run
 * starts after the last event an earlier run handled. Delivery is at-least-once, so each
 * write is guarded by the event's version: applying an event twice changes nothing.
 *
 * @example
 * ```ts
 * const view = db.collection<TicketRow>('ticket_view')
 * const handler = createTicketView(createHandler, view)
 * const { handled, position } = await handler.runOnce()
 * await view.find().sort({ _id: 1 }).toArray()
 * ```
 */
export function createTicketView(createHandler: TicketCreateHandler, view: Collection<TicketRow>) {
  const handler = createHandler(TICKET_VIEW_HANDLER, ['ticket'])

  handler.handle('ticket', 'opened', async (id, ev, envelope) => {
    // A plain insert keyed by the ticket id: a duplicate key means this event was applied
    // before (FerretDB 1.24 drops null fields from an upsert's $setOnInsert, so no upsert).
    try {
      await view.insertOne({
        _id: id,
        title: ev.title,
        assignee: null,
        status: 'open',
        resolution: null,
        version: envelope.version,
      })
    } catch (err) {
      if ((err as { code?: unknown } | null)?.code !== DUPLICATE_KEY) throw err
    }
  })

  handler.handle('ticket', 'assigned', async (id, ev, envelope) => {
    await view.updateOne(
      { _id: id, version: { $lt: envelope.version } },
      { $set: { assignee: ev.to, version: envelope.version } },
    )
  })

  handler.handle('ticket', 'closed', async (id, ev, envelope) => {
    await view.updateOne(
      { _id: id, version: { $lt: envelope.version } },
      { $set: { status: 'closed', resolution: ev.resolution, version: envelope.version } },
    )
  })

  return handler
}
