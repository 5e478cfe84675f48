import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '@evtstore/test-databases'
import { runExample } from '../src/run-example.js'

// runExample against the run's server (FerretDB or MongoDB, from the jest global setup),
// in a fresh database for this file, twice: the second run adds its own tickets and the
// read-model handler carries on from the bookmark the first run saved.

let db: TestDatabase
const serverUrl = requireDatabaseUrl('mongo')

beforeAll(async () => {
  db = await createTestDatabase('mongo', serverUrl, 'example_mongo')
})
afterAll(() => db?.drop())

describe('the MongoDB example', () => {
  it('prints each step, refuses a closed ticket, and resumes the read model from its bookmark', async () => {
    const first: string[] = []
    const one = await runExample(serverUrl, db.name, (line) => first.push(line))

    expect(first).toEqual([
      `Connected to database ${db.name}; migrate(events, bookmarks) done (indexes in place).`,
      'No earlier runs: this is run 1.',
      'open r1-1 "Printer on fire": open, version 1',
      'open r1-2 "Typo on the login page": open, version 1',
      'assign r1-1 to ada: version 2',
      'close r1-1 (extinguished): closed, version 3',
      'assign r1-1 to bob: refused, CommandError TICKET_CLOSED (ticket r1-1 is closed); nothing appended',
      `ticket-view handler: resumed at position ${one.resumedFrom}, handled 4 event(s), bookmark now ${one.position}`,
      'ticket_view holds 2 ticket(s):',
      '  r1-1 "Printer on fire": closed, assigned to ada, extinguished (version 3)',
      '  r1-2 "Typo on the login page": open, unassigned (version 1)',
    ])
    expect(one).toMatchObject({ run: 1, rejected: ['TICKET_CLOSED'], handled: 4 })

    const second: string[] = []
    const two = await runExample(serverUrl, db.name, (line) => second.push(line))

    expect(second[1]).toBe('Found 1 earlier run(s): this is run 2.')
    expect(second).toContain('assign r2-1 to bob: refused, CommandError TICKET_CLOSED (ticket r2-1 is closed); nothing appended')
    // Only run 2's four events: the handler starts where run 1 left its bookmark.
    expect(two).toMatchObject({ run: 2, rejected: ['TICKET_CLOSED'], handled: 4, resumedFrom: one.position })
    expect(two.position).not.toBe(one.position)
    expect(two.view).toEqual([
      { _id: 'r1-1', title: 'Printer on fire', assignee: 'ada', status: 'closed', resolution: 'extinguished', version: 3 },
      { _id: 'r1-2', title: 'Typo on the login page', assignee: null, status: 'open', resolution: null, version: 1 },
      { _id: 'r2-1', title: 'Printer on fire', assignee: 'ada', status: 'closed', resolution: 'extinguished', version: 3 },
      { _id: 'r2-2', title: 'Typo on the login page', assignee: null, status: 'open', resolution: null, version: 1 },
    ])
    expect(second.slice(-5)).toEqual([
      'ticket_view holds 4 ticket(s):',
      '  r1-1 "Printer on fire": closed, assigned to ada, extinguished (version 3)',
      '  r1-2 "Typo on the login page": open, unassigned (version 1)',
      '  r2-1 "Printer on fire": closed, assigned to ada, extinguished (version 3)',
      '  r2-2 "Typo on the login page": open, unassigned (version 1)',
    ])
  })
})
