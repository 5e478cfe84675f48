import assert from 'node:assert/strict'
import { assertStressComplete, runOrderingStress } from '@evtstore/conformance'
import type { Db } from 'mongodb'
import { createProvider } from '../src/index.js'
import { holdAppend } from './support/hold-append.js'
import { openTestDatabase, type MongoTestDatabase } from './support/mongo-database.js'
import { counterControlWriters, roundCollections, stressWriters, type AppendStats } from './support/stress-stores.js'

// The stress proof, over the conformance suite's runOrderingStress: 16 writers (each its
// own provider, over four clients; half of them hold every append a few ms after taking
// its position) and a handler catching up concurrently, three rounds, totals printed.
// The control draws positions from a counter (an atomic `$inc`) before inserting and must lose
// events (up to six rounds to show it, so a quiet machine cannot pass it by luck).

const WRITERS = 16
const ROUNDS = 3

let t: MongoTestDatabase
let dbs: Db[]
beforeAll(async () => {
  t = await openTestDatabase('stress')
  dbs = [t.db]
  for (let i = 1; i < 4; i++) dbs.push((await t.connect()).db())
})
afterAll(() => t?.close())

const print = (line: string) => process.stdout.write(`[provider-mongo stress] ${line}\n`)

test(`${WRITERS} writers and a concurrent handler, ${ROUNDS} rounds: the handler sees every stored event exactly once, in order`, async () => {
  for (let round = 1; round <= ROUNDS; round++) {
    const prefix = `round${round}`
    const stats: AppendStats = { commits: 0, positionRetries: 0 }
    const writerProviders = await stressWriters(dbs, prefix, WRITERS, stats)
    const totals = await runOrderingStress({
      writerProviders,
      reader: createProvider(roundCollections(t.db, prefix)),
      holdAppend: async (_provider, request) => {
        const held = await holdAppend(roundCollections(t.db, prefix), request, stats)
        return { commit: async () => void (await held.commit()) }
      },
      writers: WRITERS,
      label: `provider-mongo round ${round}`,
    })
    const perCommit = stats.commits === 0 ? 0 : stats.positionRetries / stats.commits
    print(`round ${round}: ${JSON.stringify(totals)}; ${stats.commits} commits, ${stats.positionRetries} position retries (${perCommit.toFixed(2)} per commit)`)
    assertStressComplete(totals, 100)
  }
}, 900_000)

test('control: positions from a counter drawn before the insert lose events', async () => {
  let missed = 0
  for (let round = 1; round <= 6 && missed === 0; round++) {
    const prefix = `control${round}`
    const totals = await runOrderingStress({
      writerProviders: await counterControlWriters(dbs, prefix, WRITERS),
      reader: createProvider(roundCollections(t.db, prefix)),
      writers: WRITERS,
      settleMs: 2000,
      label: `provider-mongo control round ${round}`,
    })
    print(`control round ${round}: ${JSON.stringify(totals)}`)
    missed = totals.missed
  }
  assert.ok(missed > 0, 'the counter-based control must lose events: its reader passes positions that are stored later')
}, 600_000)
