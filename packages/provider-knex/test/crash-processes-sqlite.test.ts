// Exactly-once across SIGKILLs of real handler processes on one SQLite file.
import { registerCrashTests } from './support/crash-tests.js'

registerCrashTests('sqlite-file', 'better-sqlite3')
