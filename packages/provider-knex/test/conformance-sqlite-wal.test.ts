import { registerConformance } from './support/conformance.js'

// An SQLite file in write-ahead-log mode (PRAGMA journal_mode = WAL), through better-sqlite3.
registerConformance('sqlite-wal')
