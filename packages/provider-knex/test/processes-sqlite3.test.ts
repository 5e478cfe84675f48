// Exclusive and partitioned handlers in several processes on one SQLite file, through
// knex's sqlite3 client (node-sqlite3, with its default busy timeout).
import { registerProcessTests } from './support/process-tests.js'

registerProcessTests('sqlite3-file', 'sqlite3')
