import { describeNeo4jProcesses } from './support/describe-processes.js'

// Exclusive and partitioned handlers across real OS processes on Neo4j 4.4 (the main entry).
describeNeo4jProcesses('neo4j44')
