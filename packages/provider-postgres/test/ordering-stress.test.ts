import { sequenceOrderReader, ungatedReader } from '../../provider-pg/test/support/broken-readers.js'
import { openTestDatabase, type PostgresTestDatabase } from './support/database.js'
import { freshTable, stressScenario } from '../../provider-pg/test/support/ordering-proofs.js'
import { postgresTarget } from './support/postgres-target.js'

// DESIGN §4 (b): 16 concurrent writers with multi-event appends (half of them inside
// transactions held open for a few milliseconds) while a handler catches up; afterwards
// the handler has seen every stored event exactly once, in position order. Three rounds.

let t: PostgresTestDatabase

beforeAll(async () => {
  t = await openTestDatabase('postgres_stress', 4)
})
afterAll(async () => {
  await t.close()
})

describe.each([1, 2, 3])('ordering under concurrency, round %i', (round) => {
  it('16 writers, a handler catching up: every event seen exactly once, in order', async () => {
    const target = postgresTarget(t)
    const events = await freshTable(target)
    const totals = await stressScenario(target, events, target.provider(events), {
      writers: 16,
      appendsPerWriter: 40,
    })
    process.stdout.write(`[provider-postgres stress round ${round}] ${JSON.stringify(totals)}\n`)
    expect(totals.stored).toBeGreaterThanOrEqual(16 * 40)
    expect(totals).toEqual({
      stored: totals.stored,
      seen: totals.stored,
      missed: 0,
      duplicated: 0,
      outOfOrder: 0,
    })
  })
})

describe('stress controls: the same load catches broken readers', () => {
  it('a reader without the gate misses events (and a sequence-ordered gate is reported)', async () => {
    const target = postgresTarget(t)
    const ungated = await freshTable(target)
    const lost = await stressScenario(target, ungated, ungatedReader(target, ungated), {
      writers: 16,
      appendsPerWriter: 40,
    })
    const sequence = await freshTable(target)
    const seqTotals = await stressScenario(target, sequence, sequenceOrderReader(target, sequence), {
      writers: 16,
      appendsPerWriter: 40,
    })
    process.stdout.write(`[provider-postgres stress control: no gate] ${JSON.stringify(lost)}\n`)
    process.stdout.write(
      `[provider-postgres stress control: gate, sequence order] ${JSON.stringify(seqTotals)}\n`,
    )
    expect(lost.missed).toBeGreaterThan(0)
  })
})
