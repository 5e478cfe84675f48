import { sequenceOrderReader, ungatedReader } from './support/broken-readers.js'
import { openTestDatabase, type PgTestDatabase } from './support/database.js'
import {
  earlyXidScenario,
  freshTable,
  heldAppendScenario,
  versionOrderScenario,
} from './support/ordering-proofs.js'
import { pgTarget } from './support/pg-target.js'
import type { ProofTarget } from './support/proof-target.js'

// DESIGN §4 (a): the deterministic proof that a handler never passes a transaction that
// is still open, for @evtstore/provider-pg; and, as controls, that the same scenarios
// catch a reader without the gate and a reader that orders by the sequence alone.

let t: PgTestDatabase
let target: ProofTarget

beforeAll(async () => {
  t = await openTestDatabase('pg_gate')
  target = pgTarget(t)
})
afterAll(async () => {
  await t.close()
})

describe('ordering gate (deterministic)', () => {
  it('does not pass an open transaction holding a lower position, then delivers both in order', async () => {
    const events = await freshTable(target)
    const result = await heldAppendScenario(target, events, target.provider(events))
    expect(result.before).toEqual([])
    expect(result.positionBefore).toBe('0')
    expect(result.after).toEqual(['held', 'later'])
    expect(result.positionsAscending).toBe(true)
  })

  it('keeps an old transaction that appends after a younger one drew a lower sequence number', async () => {
    const events = await freshTable(target)
    const result = await earlyXidScenario(target, events, target.provider(events))
    expect(result.before).toEqual(['old'])
    expect(result.after).toEqual(['old', 'young'])
    expect(result.positionsAscending).toBe(true)
  })

  it("keeps one aggregate's log order in version order when an older transaction appends the next version", async () => {
    const events = await freshTable(target)
    expect(await versionOrderScenario(target, events)).toEqual([1, 2])
  })

  it('control: without the gate the handler passes the open transaction and loses its event', async () => {
    const events = await freshTable(target)
    const result = await heldAppendScenario(target, events, ungatedReader(target, events))
    expect(result.before).toEqual(['later'])
    expect(result.after).toEqual(['later'])
  })

  it("control: a gate on a sequence-ordered log loses the younger transaction's event", async () => {
    const events = await freshTable(target)
    const result = await earlyXidScenario(target, events, sequenceOrderReader(target, events))
    expect(result.before).toEqual(['old'])
    expect(result.after).toEqual(['old'])
  })
})
