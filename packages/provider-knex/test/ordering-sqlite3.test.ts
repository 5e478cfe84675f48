import { describeSqliteOrdering } from './support/sqlite-ordering.js'

// SQLite's single writer, through knex's sqlite3 client (node-sqlite3), also with several
// writing connections in one process.
describeSqliteOrdering('sqlite3')
