import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import knexFactory, { type Knex } from 'knex'
import { createTestDatabase, requireDatabaseUrl } from '@evtstore/test-databases'

/** The four setups the provider is tested on. */
export type StoreKind = 'sqlite-file' | 'sqlite-memory' | 'postgres' | 'mariadb'

/** One test file's database: `db` is its main knex instance. */
export interface TestStore {
  kind: StoreKind
  db: Knex
  /** The connection URL of a server database (Postgres, MariaDB); undefined for SQLite. */
  url?: string
  /** The database file of `sqlite-file`. */
  filename?: string
  /** Another knex instance (own pool, own connections) on the same database. */
  connect(options?: { busyTimeoutMs?: number }): Knex
  close(): Promise<void>
}

/** Opens a fresh database of `kind` for one test file. */
export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  const extra: Knex[] = []
  if (kind === 'sqlite-memory') {
    const db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    })
    return {
      kind,
      db,
      connect: () => db,
      close: () => db.destroy(),
    }
  }
  if (kind === 'sqlite-file') {
    const dir = mkdtempSync(join(tmpdir(), 'evtstore-knex-'))
    const filename = join(dir, 'events.db')
    const open = (busyTimeoutMs?: number) =>
      knexFactory({
        client: 'better-sqlite3',
        connection: { filename },
        useNullAsDefault: true,
        pool:
          busyTimeoutMs === undefined
            ? undefined
            : {
                afterCreate: (
                  conn: { pragma(text: string): unknown },
                  done: (err: Error | null, conn: unknown) => void,
                ) => {
                  conn.pragma(`busy_timeout = ${busyTimeoutMs}`)
                  done(null, conn)
                },
              },
      })
    const db = open()
    return {
      kind,
      db,
      filename,
      connect: (options) => {
        const next = open(options?.busyTimeoutMs)
        extra.push(next)
        return next
      },
      close: async () => {
        for (const k of [...extra, db]) await k.destroy()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const server = kind === 'postgres' ? 'postgres' : 'mariadb'
  const database = await createTestDatabase(server, requireDatabaseUrl(server), 'knex')
  const client = kind === 'postgres' ? 'pg' : 'mysql2'
  const open = () => knexFactory({ client, connection: database.url, pool: { min: 0, max: 20 } })
  const db = open()
  return {
    kind,
    db,
    url: database.url,
    connect: () => {
      const next = open()
      extra.push(next)
      return next
    },
    close: async () => {
      for (const k of [...extra, db]) await k.destroy()
      await database.drop()
    },
  }
}
