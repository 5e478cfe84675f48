// Exclusive and partitioned handlers in several processes on one MariaDB database.
import { registerProcessTests } from './support/process-tests.js'

registerProcessTests('mariadb', 'mysql2')
