import { describeNeo4jLeases } from './support/describe-leases.js'

// Lease locking, takeovers beside a fenced write in flight, and a store without the lease constraint, on Neo4j 4.4.
describeNeo4jLeases('neo4j44')
