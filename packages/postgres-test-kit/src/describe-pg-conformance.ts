import { runProviderConformance, type TransactionalWrites } from '@evtstore/conformance'
import type { Provider } from '@evtstore/core'
import { PG_CAPABILITIES } from '@evtstore/core/postgres'
import type { PgSession } from './pg-target.js'

/** One driver's store (default tables) on a fresh test database, for {@link describePgConformance}. */
export interface PgConformanceHarness {
  migrate(): Promise<void>
  /** The package's `createProvider` on the shared pool. */
  provider(options: { events?: string; limit?: number | undefined }): Provider
  /** A dedicated connection whose provider has the same `limit`. */
  session(limit: number | undefined): Promise<PgSession>
  close(): Promise<void>
  /**
   * The suite's rows written through the driver's handler transaction and read back (see
   * `TransactionalWrites`; the harness creates their table, e.g. with {@link PG_TX_ROWS_TABLE}).
   * Given, the suite runs its `transactions` group (capability `transactionalHandlers`).
   */
  transactionalWrites?: TransactionalWrites
}

/** The `CREATE TABLE` of the rows the conformance suite writes through handler transactions. */
export const PG_TX_ROWS_TABLE = 'CREATE TABLE IF NOT EXISTS conformance_tx_rows (key text PRIMARY KEY)'


/**
 * Registers the published conformance suite (`@evtstore/conformance`) for one Postgres
 * driver on a real server: once with the default page size and once with `limit: 1`,
 * which makes every read a page of one. The deterministic ordering proof runs inside the suite: `BEGIN` on a
 * dedicated connection, append, `COMMIT` later. With `transactional: true` the driver
 * declares `transactionalHandlers` and the harness gives `transactionalWrites`.
 *
 * @example
 * ```ts
 * describePgConformance('pg', async () => harnessOn(await openTestDatabase('pg_conformance', 20)), { transactional: true })
 * ```
 */
export function describePgConformance(
  name: string,
  open: () => Promise<PgConformanceHarness>,
  { transactional = false }: { transactional?: boolean } = {},
): void {
  let harness: PgConformanceHarness | undefined
  const h = () => {
    if (harness === undefined) throw new Error('the test database is not open')
    return harness
  }
  beforeAll(async () => {
    harness = await open()
    await harness.migrate()
  }, 120_000)
  afterAll(() => harness?.close(), 120_000)

  // Which drivers write through handler transactions is known before the database opens.
  for (const limit of [undefined, 1]) {
    runProviderConformance({
      name: limit === undefined ? name : `${name}, limit: ${limit}`,
      createProvider: () => h().provider({ limit }),
      migrate: () => h().migrate(),
      createProviderWithTableName: (events) => h().provider({ events, limit }),
      timeout: 30_000,
      // jsonb and text cannot hold U+0000, btree entries are bounded: declared, refused before I/O.
      // Snapshots are stored in <events>_snapshots; appends NOTIFY, running handlers LISTEN.
      capabilities: { ...PG_CAPABILITIES, snapshots: true, push: true, ...(transactional ? { transactionalHandlers: true } : {}) },
      ...(transactional
        ? {
            transactionalWrites: {
              write: (tx: unknown, key: string) => h().transactionalWrites!.write(tx, key),
              exists: (key: string) => h().transactionalWrites!.exists(key),
            },
          }
        : {}),
      async holdAppend(_provider, request) {
        const session = await h().session(limit)
        try {
          await session.begin()
          await session.provider.append(request)
        } catch (err) {
          await session.close()
          throw err
        }
        return {
          async commit() {
            try {
              await session.commit()
            } finally {
              await session.close()
            }
          },
        }
      },
    })
  }
}
