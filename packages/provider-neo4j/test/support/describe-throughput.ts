import type { Provider } from '@evtstore/core'
import { randomUUID } from 'node:crypto'
import type { Neo4jKind } from './neo4j-lines.js'
import { openTestStore, type TestStore } from './test-store.js'

/** Runs `writers` concurrent writers, each making `appends` one-event appends to its own aggregate; returns appends/s. */
async function measure(provider: Provider, writers: number, appends: number): Promise<number> {
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const aggregateId = randomUUID()
      for (let version = 0; version < appends; version++) {
        await provider.append({
          stream: 'bench',
          aggregateId,
          expectedVersion: version,
          events: [{ id: randomUUID(), event: { type: 'b', version } }],
        })
      }
    }),
  )
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return (writers * appends) / seconds
}

/**
 * Appends per second at 1 and at 16 writers (one-event appends, each writer on its own
 * aggregate, after a warm-up), printed with the server's version. Appends are serialised
 * at the counter, so 16 writers mostly show what the lock costs. Never asserts a speed:
 * the figures depend on the machine.
 */
export function describeNeo4jThroughput(kind: Neo4jKind): void {
  describe(`throughput on ${kind}`, () => {
    let store: TestStore
    beforeAll(async () => {
      store = await openTestStore(kind, 'speed')
    }, 120_000)
    afterAll(() => store?.close(), 120_000)

    it('measures appends/s at 1 and 16 writers (printed, not asserted)', async () => {
      const provider = await store.open('Bench')
      await measure(provider, 4, 25) // warm-up: connections, query plans, JIT
      const one = await measure(provider, 1, 200)
      const sixteen = await measure(provider, 16, 25)
      const version = process.env[`EVTSTORE_${kind.toUpperCase()}_VERSION`] ?? kind
      process.stdout.write(
        `[throughput ${kind}] ${version}: 1 writer ${one.toFixed(0)} appends/s, 16 writers ${sixteen.toFixed(0)} appends/s\n`,
      )
      expect(one).toBeGreaterThan(0)
      expect(sixteen).toBeGreaterThan(0)
    }, 180_000)
  })
}
