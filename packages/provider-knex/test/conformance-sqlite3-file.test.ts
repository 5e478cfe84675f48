import { registerConformance } from './support/conformance.js'

// The same SQLite dialect through knex's `sqlite3` client (node-sqlite3), in a file.
registerConformance('sqlite3-file')
