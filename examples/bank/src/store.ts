import { mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Provider } from '@evtstore/core'
import { createProvider, migrate } from '@evtstore/provider-knex'
import knex from 'knex'
import type { BankView } from './read-model/bank-view.js'
import { migrateBankView, SqlBankView } from './read-model/sql-bank-view.js'

/** The event store the example runs on, its read model, and how to release them. */
export interface BankStore {
  provider: Provider
  /** The read model, stored next to the events so it outlives the process with the handler's bookmark. */
  view: BankView
  /** Says where the events live, for the walkthrough's first line. */
  description: string
  /** Closes the database connection, so the process can exit. */
  close(): Promise<void>
}

/**
 * The only place that picks the provider: a SQLite file through `@evtstore/provider-knex`,
 * Knex and better-sqlite3. Creates the file (and its folder) if missing and runs the
 * migrations at every start (they are idempotent): the event store's `events` and
 * `bookmarks` tables, and the read model's `bank_balances` and `bank_transfers`. Swap this
 * function's body for another provider and the rest of the example runs unchanged.
 *
 * @example
 * ```ts
 * const store = await openStore('.data/bank.sqlite')
 * try { createBank(store.provider, store.view) } finally { await store.close() }
 * ```
 */
export async function openStore(file: string): Promise<BankStore> {
  await mkdir(dirname(file), { recursive: true })
  // One Knex instance per SQLite file per process; its SQLite pool holds one connection.
  const db = knex({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true })
  try {
    await migrate({ client: db, events: 'events', bookmarks: 'bookmarks' })
    await migrateBankView(db)
  } catch (err) {
    await db.destroy()
    throw err
  }
  return {
    provider: createProvider({
      limit: 1000,
      events: () => db.table('events'),
      bookmarks: () => db.table('bookmarks'),
    }),
    view: new SqlBankView(db),
    description: 'SQLite file via @evtstore/provider-knex (knex + better-sqlite3)',
    close: () => db.destroy(),
  }
}

/**
 * Deletes the store's SQLite file and its journal files, if they exist: the next
 * {@link openStore} starts from an empty database.
 *
 * @example
 * ```ts
 * await deleteStore('.data/bank.sqlite')
 * ```
 */
export async function deleteStore(file: string): Promise<void> {
  for (const suffix of ['', '-journal', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true })
}
