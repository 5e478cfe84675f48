import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import knexFactory, { type Knex } from 'knex'
import { createTestDatabase, requireDatabaseUrl } from '@evtstore/test-databases'

/**
 * The setups the provider is tested on: SQLite through knex's `better-sqlite3` client
 * (`sqlite-*`) and through its `sqlite3` client (`sqlite3-*`), in a file or `:memory:`;
 * `sqlite-wal` is a better-sqlite3 file switched to write-ahead logging
 * (`PRAGMA journal_mode = WAL`, which the file keeps for every later connection);
 * Postgres (pg) and MariaDB (mysql2).
 */
export type StoreKind = 'sqlite-file' | 'sqlite-wal' | 'sqlite-memory' | 'sqlite3-file' | 'sqlite3-memory' | 'postgres' | 'mariadb'

/** One test file's database: `db` is its main knex instance. */
export interface TestStore {
  kind: StoreKind
  db: Knex
  /** The knex client name (`better-sqlite3`, `sqlite3`, `pg`, `mysql2`). */
  client: string
  /** The connection URL of a server database (Postgres, MariaDB); undefined for SQLite. */
  url?: string
  /** The database file of `sqlite-file`, `sqlite-wal` and `sqlite3-file`. */
  filename?: string
  /** Another knex instance (own pool, own connections) on the same database. */
  connect(options?: { busyTimeoutMs?: number }): Knex
  close(): Promise<void>
}

/** The knex client of an SQLite kind. */
function sqliteClient(kind: StoreKind): 'better-sqlite3' | 'sqlite3' {
  return kind.startsWith('sqlite3-') ? 'sqlite3' : 'better-sqlite3'
}

/**
 * Sets SQLite's busy timeout on each new connection of the pool: better-sqlite3 takes a
 * pragma (default 5 s), node-sqlite3 `configure('busyTimeout', ms)` (default 1 s).
 */
function busyTimeout(client: 'better-sqlite3' | 'sqlite3', ms: number | undefined) {
  if (ms === undefined) return undefined
  return {
    afterCreate: (
      conn: { pragma?(text: string): unknown; configure?(option: 'busyTimeout', value: number): void },
      done: (err: Error | null, conn: unknown) => void,
    ) => {
      if (client === 'sqlite3') conn.configure!('busyTimeout', ms)
      else conn.pragma!(`busy_timeout = ${ms}`)
      done(null, conn)
    },
  }
}

/** Switches an SQLite file to write-ahead logging; throws unless SQLite says it did. */
async function useWriteAheadLog(db: Knex): Promise<void> {
  const rows = (await db.raw('PRAGMA journal_mode = WAL')) as Array<{ journal_mode?: unknown }>
  const mode = rows[0]?.journal_mode
  if (mode !== 'wal') throw new Error(`PRAGMA journal_mode = WAL left the file in journal mode ${String(mode)}`)
}

/** Opens a fresh database of `kind` for one test file. */
export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  const extra: Knex[] = []
  if (kind === 'sqlite-memory' || kind === 'sqlite3-memory') {
    const client = sqliteClient(kind)
    const db = knexFactory({ client, connection: { filename: ':memory:' }, useNullAsDefault: true })
    return {
      kind,
      db,
      client,
      connect: () => db,
      close: () => db.destroy(),
    }
  }
  if (kind === 'sqlite-file' || kind === 'sqlite-wal' || kind === 'sqlite3-file') {
    const client = sqliteClient(kind)
    const dir = mkdtempSync(join(tmpdir(), 'evtstore-knex-'))
    const filename = join(dir, 'events.db')
    const open = (busyTimeoutMs?: number) =>
      knexFactory({ client, connection: { filename }, useNullAsDefault: true, pool: busyTimeout(client, busyTimeoutMs) })
    const db = open()
    if (kind === 'sqlite-wal') await useWriteAheadLog(db)
    return {
      kind,
      db,
      client,
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
    client,
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
