// Exclusive and partitioned handlers in several processes on one SQLite file.
import { registerProcessTests } from './support/process-tests.js'

registerProcessTests('sqlite-file', 'better-sqlite3')
