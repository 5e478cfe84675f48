import type { AppendRequest, Provider } from '@evtstore/core'
import { createTestDatabase, requireDatabaseUrl, type TestDatabase } from '@evtstore/test-databases'
import { appendInTransaction } from '../../src/append.js'
import { eventCypher } from '../../src/event-cypher.js'
import type { Neo4jRecord } from '../../src/neo4j-driver.js'
import type { Neo4jLabels } from '../../src/options.js'
import { LINES, type Neo4jKind, type Neo4jLine } from './neo4j-lines.js'

/** One test file's corner of a Neo4j server: a driver and a random label prefix, removed at the end. */
export interface TestStore {
  line: Neo4jLine
  db: TestDatabase
  driver: ReturnType<Neo4jLine['driver']>
  /** The labels of a store named `name` under this file's prefix. */
  labels(name?: string): { events: string; bookmarks: string }
  /** Migrates the store `name` and returns a provider on it. */
  open(name?: string, limit?: number): Promise<Provider>
  /** Runs one statement in an auto-commit session. */
  run(query: string, parameters?: Record<string, unknown>): Promise<Neo4jRecord[]>
  /**
   * Starts an append of the store `name` in a write transaction that stays open: the
   * package's own statements, not committed until `commit()`.
   */
  hold(name: string, request: AppendRequest): Promise<{ commit(): Promise<void> }>
  close(): Promise<void>
}

/** Opens this file's store space on the run's server of `kind`. */
export async function openTestStore(kind: Neo4jKind, prefix: string): Promise<TestStore> {
  const line = LINES[kind]
  const db = await createTestDatabase(kind, requireDatabaseUrl(kind), prefix)
  const driver = line.driver(db.url)
  const labels = (name = 'Store') => ({
    events: `${db.name}_${name}_Events`,
    bookmarks: `${db.name}_${name}_Bookmarks`,
  })
  const run = async (query: string, parameters?: Record<string, unknown>) => {
    const session = driver.session({ defaultAccessMode: 'WRITE' })
    try {
      const tx = session.beginTransaction()
      const result = await tx.run(query, parameters)
      await tx.commit()
      return result.records
    } finally {
      await session.close()
    }
  }
  return {
    line,
    db,
    driver,
    labels,
    async open(name = 'Store', limit?: number) {
      await line.migrate({ client: driver, ...labels(name) })
      return line.createProvider({
        client: driver,
        ...labels(name),
        ...(limit === undefined ? {} : { limit }),
      })
    },
    run,
    async hold(name, request) {
      const { events, bookmarks } = labels(name)
      const all: Neo4jLabels = { events, counter: `${events}_Counter`, bookmarks, leases: `${bookmarks}_Leases`, snapshots: `${events}_Snapshots` }
      const session = driver.session({ defaultAccessMode: 'WRITE' })
      const tx = session.beginTransaction()
      try {
        await appendInTransaction(
          tx,
          {
            target: { client: Promise.resolve(driver), database: undefined },
            cypher: eventCypher(all, line.versionKey),
            counterLabel: all.counter,
            versionKey: line.versionKey,
          },
          request,
        )
      } catch (err) {
        await tx.rollback().catch(() => undefined)
        await session.close()
        throw err
      }
      return {
        async commit() {
          try {
            await tx.commit()
          } finally {
            await session.close()
          }
        },
      }
    },
    async close() {
      await driver.close()
      await db.drop()
    },
  }
}
