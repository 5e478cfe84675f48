// Exactly-once across SIGKILLs of real handler processes on MariaDB.
import { registerCrashTests } from './support/crash-tests.js'

registerCrashTests('mariadb', 'mysql2')
