import { describeNeo4jProcesses } from './support/describe-processes.js'

// Exclusive and partitioned handlers across real OS processes on Neo4j 3.5 (the /v3 entry, driver 4.4).
describeNeo4jProcesses('neo4j35')
