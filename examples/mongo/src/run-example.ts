import { MongoClient } from 'mongodb'
import { createDomain, isCommandError, type Position } from '@evtstore/core'
import { createProvider, migrate } from '@evtstore/provider-mongo'
import { createTicketCommands, ruleOf, ticket } from './ticket.js'
import { createTicketView, TICKET_VIEW_HANDLER, type TicketRow } from './ticket-view.js'

/** The database `main.ts` uses when `MONGO_DB` is not set. */
export const DEFAULT_DB = 'evtstore_example'

/** What one run of {@link runExample} did, for callers and tests. */
export interface ExampleResult {
  /** 1 on an empty database, then 2, 3, ...: the run's ticket ids start with `r<run>-`. */
  run: number
  /** The rule codes of the commands that were refused, in order. */
  rejected: string[]
  /** The read-model handler's bookmark before this run. */
  resumedFrom: Position
  /** Events the handler consumed in this run (only the ones after its bookmark). */
  handled: number
  /** The handler's bookmark after this run. */
  position: Position
  /** The whole read model after this run (every run's tickets), ordered by id. */
  view: TicketRow[]
}

/**
 * The client options this example uses, following the provider README's advice. The
 * provider sets its own read and write concerns on every call; these defaults make the
 * example's read-model writes and reads just as safe on a replica set, keep retryable
 * writes on, and send commands to the primary (stale reads only cause version conflicts).
 * `serverSelectionTimeoutMS` makes a wrong URL fail in seconds instead of 30 s.
 *
 * @example
 * ```ts
 * const client = new MongoClient(process.env.MONGO_URL!, CLIENT_OPTIONS)
 * ```
 */
export const CLIENT_OPTIONS = {
  retryWrites: true,
  readPreference: 'primary',
  writeConcern: { w: 'majority', journal: true },
  readConcern: { level: 'majority' },
  serverSelectionTimeoutMS: 10_000,
} as const

/**
 * Runs the example once against the MongoDB (or FerretDB) server at `url`, in database
 * `dbName`, printing each step through `log`, and closes its client. It migrates the
 * `events` and `bookmarks` collections, opens two tickets, assigns and closes one, shows
 * a command refused by a rule (assigning a closed ticket), then runs the `ticket-view`
 * handler once: it resumes from its bookmark, so on a database earlier runs used it only
 * handles this run's events. Run it again on the same database to see that.
 *
 * @example
 * ```ts
 * const result = await runExample('mongodb://127.0.0.1:27017', 'evtstore_example', console.log)
 * result.handled // 4: this run's events only
 * result.view    // every run's tickets, from the `ticket_view` collection
 * ```
 */
export async function runExample(url: string, dbName: string, log: (line: string) => void): Promise<ExampleResult> {
  const client = new MongoClient(url, CLIENT_OPTIONS)
  try {
    await client.connect()
    const db = client.db(dbName)
    const events = db.collection('events')
    const bookmarks = db.collection('bookmarks')
    await migrate(events, bookmarks)
    log(`Connected to database ${dbName}; migrate(events, bookmarks) done (indexes in place).`)

    const provider = createProvider({ events, bookmarks })
    const { domain, createHandler } = createDomain({ provider }, { ticket })
    const tickets = createTicketCommands(domain.ticket)

    // Earlier runs left tickets r1-1, r2-1, ...: take the first free run number.
    let run = 1
    while ((await domain.ticket.getAggregate(`r${run}-1`)).version > 0) run++
    const [first, second] = [`r${run}-1`, `r${run}-2`]
    log(run === 1 ? 'No earlier runs: this is run 1.' : `Found ${run - 1} earlier run(s): this is run ${run}.`)

    const a = await tickets.open(first, { title: 'Printer on fire' })
    log(`open ${first} "${a.title}": ${a.status}, version ${a.version}`)
    const b = await tickets.open(second, { title: 'Typo on the login page' })
    log(`open ${second} "${b.title}": ${b.status}, version ${b.version}`)
    const assigned = await tickets.assign(first, { to: 'ada' })
    log(`assign ${first} to ${assigned.assignee}: version ${assigned.version}`)
    const closed = await tickets.close(first, { resolution: 'extinguished' })
    log(`close ${first} (extinguished): ${closed.status}, version ${closed.version}`)

    const rejected: string[] = []
    try {
      await tickets.assign(first, { to: 'bob' })
      throw new Error(`assigning closed ticket ${first} was accepted`)
    } catch (err) {
      if (!isCommandError(err)) throw err
      const rule = ruleOf(err) ?? 'unknown rule'
      rejected.push(rule)
      log(`assign ${first} to bob: refused, ${err.name} ${rule} (${err.message}); nothing appended`)
    }

    const view = db.collection<TicketRow>('ticket_view')
    const handler = createTicketView(createHandler, view)
    const resumedFrom = await handler.getPosition()
    const { handled, position } = await handler.runOnce()
    log(`${TICKET_VIEW_HANDLER} handler: resumed at position ${resumedFrom}, handled ${handled} event(s), bookmark now ${position}`)

    const rows = await view.find().sort({ _id: 1 }).toArray()
    log(`ticket_view holds ${rows.length} ticket(s):`)
    for (const row of rows) {
      const who = row.assignee === null ? 'unassigned' : `assigned to ${row.assignee}`
      const end = row.resolution === null ? '' : `, ${row.resolution}`
      log(`  ${row._id} "${row.title}": ${row.status}, ${who}${end} (version ${row.version})`)
    }
    return { run, rejected, resumedFrom, handled, position, view: rows }
  } finally {
    await client.close()
  }
}
