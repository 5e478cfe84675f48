// Exclusive and partitioned handlers in several processes on one SQLite file in WAL mode:
// readers no longer wait for the writer, so the lease checks meet appends mid-commit.
import { registerProcessTests } from './support/process-tests.js'

registerProcessTests('sqlite-wal', 'better-sqlite3')
