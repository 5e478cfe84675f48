import { CommandError, createAggregate, createCommands, type DomainAggregate } from '@evtstore/core'

/** Everything that can happen to a support ticket. */
export type TicketEvent =
  | { type: 'opened'; title: string }
  | { type: 'assigned'; to: string }
  | { type: 'closed'; resolution: string }

/** The state a command sees: folded from the ticket's events. */
export interface Ticket {
  title: string
  assignee: string | null
  status: 'unknown' | 'open' | 'closed'
}

/** The rules a ticket command can break; the code is in the `CommandError`'s `details.rule`. */
export type TicketRule = 'TICKET_EXISTS' | 'TICKET_UNKNOWN' | 'TICKET_CLOSED' | 'TITLE_MISSING'

/**
 * Folds one event into the ticket state, returning only the fields that change.
 *
 * @example
 * ```ts
 * foldTicket({ type: 'assigned', to: 'ada' }, { title: 'Printer', assignee: null, status: 'open' })
 * // { assignee: 'ada' }
 * ```
 */
export function foldTicket(ev: TicketEvent, _state: Ticket): Partial<Ticket> {
  switch (ev.type) {
    case 'opened':
      return { title: ev.title, status: 'open', assignee: null }
    case 'assigned':
      return { assignee: ev.to }
    case 'closed':
      return { status: 'closed' }
  }
}

/**
 * The `ticket` aggregate: stream name, empty state and fold.
 *
 * @example
 * ```ts
 * const { domain } = createDomain({ provider }, { ticket })
 * await domain.ticket.getAggregate('r1-1') // { title, assignee, status, aggregateId, version }
 * ```
 */
export const ticket = createAggregate({
  stream: 'ticket',
  create: (): Ticket => ({ title: '', assignee: null, status: 'unknown' }),
  fold: foldTicket,
})

/** The `ticket` aggregate as bound to a provider by `createDomain`. */
export type TicketAggregate = DomainAggregate<'ticket', TicketEvent, Ticket>

/**
 * Builds the `CommandError` for a broken rule, with the rule's code in `details.rule`.
 *
 * @example
 * ```ts
 * throw reject('TICKET_CLOSED', 'ticket r1-1 is closed')
 * ```
 */
export function reject(rule: TicketRule, message: string): CommandError {
  return new CommandError(message, { details: { rule } })
}

/**
 * The rule code of a `CommandError` built by {@link reject}, if it is one.
 *
 * @example
 * ```ts
 * try { await tickets.assign('r1-1', { to: 'bob' }) }
 * catch (err) { if (ruleOf(err) === 'TICKET_CLOSED') console.log('reopen it first') }
 * ```
 */
export function ruleOf(err: unknown): TicketRule | undefined {
  const details = (err as { details?: { rule?: unknown } } | null)?.details
  return typeof details?.rule === 'string' ? (details.rule as TicketRule) : undefined
}

/**
 * The ticket commands. Each loads the ticket, checks its rule and returns the event to
 * append (with the loaded version as the expected version). A broken rule throws a
 * `CommandError` and appends nothing: a closed ticket cannot be assigned or closed again.
 *
 * @example
 * ```ts
 * const tickets = createTicketCommands(domain.ticket)
 * await tickets.open('r1-1', { title: 'Printer on fire' })
 * await tickets.assign('r1-1', { to: 'ada' })
 * await tickets.close('r1-1', { resolution: 'extinguished' })
 * await tickets.assign('r1-1', { to: 'bob' }) // rejects: CommandError, details.rule 'TICKET_CLOSED'
 * ```
 */
export function createTicketCommands(aggregate: TicketAggregate) {
  const assertOpen = (agg: Readonly<Ticket & { aggregateId: string }>): void => {
    if (agg.status === 'unknown') throw reject('TICKET_UNKNOWN', `ticket ${agg.aggregateId} does not exist`)
    if (agg.status === 'closed') throw reject('TICKET_CLOSED', `ticket ${agg.aggregateId} is closed`)
  }
  return createCommands(
    aggregate,
    {
      open(cmd: { title: string }, agg) {
        if (agg.status !== 'unknown') throw reject('TICKET_EXISTS', `ticket ${agg.aggregateId} already exists`)
        if (cmd.title.trim() === '') throw reject('TITLE_MISSING', 'a ticket needs a title')
        return { type: 'opened', title: cmd.title }
      },
      assign(cmd: { to: string }, agg) {
        assertOpen(agg)
        return { type: 'assigned', to: cmd.to }
      },
      close(cmd: { resolution: string }, agg) {
        assertOpen(agg)
        return { type: 'closed', resolution: cmd.resolution }
      },
    },
    { retries: 2 },
  )
}

/** The command functions returned by {@link createTicketCommands}. */
export type TicketCommands = ReturnType<typeof createTicketCommands>
