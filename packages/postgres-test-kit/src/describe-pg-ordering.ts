import { sequenceOrderReader, ungatedReader } from './broken-pg-readers.js'
import {
  earlyXidScenario,
  freshTable,
  heldAppendScenario,
  versionOrderScenario,
} from './pg-ordering-scenarios.js'
import { pgStressScenario } from './pg-stress-scenario.js'
import type { PgTarget } from './pg-target.js'

/** A driver's target on a fresh test database, and how to drop it. */
export interface OpenPgTarget {
  target: PgTarget
  close(): Promise<void>
}

function useTarget(open: () => Promise<OpenPgTarget>): () => PgTarget {
  let opened: OpenPgTarget | undefined
  beforeAll(async () => {
    opened = await open()
  }, 120_000)
  afterAll(() => opened?.close(), 120_000)
  return () => {
    if (opened === undefined) throw new Error('the test database is not open')
    return opened.target
  }
}

/**
 * Registers (jest) the deterministic ordering proof (docs/architecture.md, "Ordering") that a handler never passes a
 * transaction that is still open, and as controls that the same scenarios catch a reader
 * without the gate and a reader that orders by the sequence alone. Call at the top of a
 * test file; `open` creates the file's database.
 *
 * @example
 * ```ts
 * describePgOrderingGate(async () => {
 *   const t = await openTestDatabase('pg_gate')
 *   return { target: pgTarget(t), close: () => t.close() }
 * })
 * ```
 */
export function describePgOrderingGate(open: () => Promise<OpenPgTarget>): void {
  const target = useTarget(open)

  describe('ordering gate (deterministic)', () => {
    it('does not pass an open transaction holding a lower position, then delivers both in order', async () => {
      const events = await freshTable(target())
      const result = await heldAppendScenario(target(), events, target().provider(events))
      expect(result.before).toEqual([])
      expect(result.positionBefore).toBe('0')
      expect(result.after).toEqual(['held', 'later'])
      expect(result.positionsAscending).toBe(true)
    })

    it('keeps an old transaction that appends after a younger one drew a lower sequence number', async () => {
      const events = await freshTable(target())
      const result = await earlyXidScenario(target(), events, target().provider(events))
      expect(result.before).toEqual(['old'])
      expect(result.after).toEqual(['old', 'young'])
      expect(result.positionsAscending).toBe(true)
    })

    it("keeps one aggregate's log order in version order when an older transaction appends the next version", async () => {
      const events = await freshTable(target())
      expect(await versionOrderScenario(target(), events)).toEqual([1, 2])
    })

    it('control: without the gate the handler passes the open transaction and loses its event', async () => {
      const events = await freshTable(target())
      const result = await heldAppendScenario(target(), events, ungatedReader(target(), events))
      expect(result.before).toEqual(['later'])
      expect(result.after).toEqual(['later'])
    })

    it("control: a gate on a sequence-ordered log loses the younger transaction's event", async () => {
      const events = await freshTable(target())
      const result = await earlyXidScenario(target(), events, sequenceOrderReader(target(), events))
      expect(result.before).toEqual(['old'])
      expect(result.after).toEqual(['old'])
    })
  })
}

const LOAD = { writers: 16, appendsPerWriter: 40 }

/**
 * Registers (jest) the ordering stress proof (docs/architecture.md, "Ordering") on Postgres: 16 concurrent writers with multi-event
 * appends (half of them inside transactions held open for a few milliseconds) while a
 * handler catches up; afterwards the handler has seen every stored event exactly once, in
 * position order. Three rounds, totals printed; then the same load against the two broken
 * readers, where the ungated one must lose events.
 *
 * @example
 * ```ts
 * describePgOrderingStress(async () => {
 *   const t = await openTestDatabase('pg_stress', 4)
 *   return { target: pgTarget(t), close: () => t.close() }
 * })
 * ```
 */
export function describePgOrderingStress(open: () => Promise<OpenPgTarget>): void {
  const target = useTarget(open)
  const print = (what: string, totals: unknown) =>
    process.stdout.write(`[${target().label} stress ${what}] ${JSON.stringify(totals)}\n`)

  describe.each([1, 2, 3])('ordering under concurrency, round %i', (round) => {
    it('16 writers, a handler catching up: every event seen exactly once, in order', async () => {
      const events = await freshTable(target())
      const totals = await pgStressScenario(target(), events, target().provider(events), LOAD)
      print(`round ${round}`, totals)
      expect(totals.stored).toBeGreaterThanOrEqual(LOAD.writers * LOAD.appendsPerWriter)
      expect(totals).toEqual({
        appended: totals.stored,
        stored: totals.stored,
        seen: totals.stored,
        missed: 0,
        duplicated: 0,
        outOfOrder: 0,
      })
    })
  })

  const ungatedRound = async () => {
    const ungated = await freshTable(target())
    return pgStressScenario(target(), ungated, ungatedReader(target(), ungated), LOAD)
  }

  describe('stress controls: the same load catches broken readers', () => {
    it('a reader without the gate misses events (and a sequence-ordered gate is reported)', async () => {
      // Losing events is a race, so a quiet machine may need another round of the same
      // load to show it; three rounds that all lose nothing mean the load is too weak.
      let lost = await ungatedRound()
      for (let attempt = 2; attempt <= 3 && lost.missed === 0; attempt++) lost = await ungatedRound()
      const sequence = await freshTable(target())
      const seqTotals = await pgStressScenario(
        target(),
        sequence,
        sequenceOrderReader(target(), sequence),
        LOAD,
      )
      print('control: no gate', lost)
      print('control: gate, sequence order', seqTotals)
      expect(lost.missed).toBeGreaterThan(0)
      // up to four stress rounds: minutes on a loaded machine
    }, 240_000)
  })
}
