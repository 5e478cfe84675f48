import { registerConformance } from './support/conformance.js'

// The same SQLite dialect through knex's `sqlite3` client (node-sqlite3), in `:memory:`.
registerConformance('sqlite3-memory')
