import { describeSqliteOrdering } from './support/sqlite-ordering.js'

// SQLite's single writer in write-ahead-log mode, through knex's better-sqlite3 client.
describeSqliteOrdering('better-sqlite3', { wal: true })
