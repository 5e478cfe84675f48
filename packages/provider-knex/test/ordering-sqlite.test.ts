import { describeSqliteOrdering } from './support/sqlite-ordering.js'

// SQLite's single writer, through knex's better-sqlite3 client.
describeSqliteOrdering('better-sqlite3')
