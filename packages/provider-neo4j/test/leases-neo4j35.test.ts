import { describeNeo4jLeases } from './support/describe-leases.js'

// Lease locking, takeovers beside a fenced write in flight, and a store without the lease constraint, on Neo4j 3.5 (/v3).
describeNeo4jLeases('neo4j35')
