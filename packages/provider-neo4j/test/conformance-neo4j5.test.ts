import { describeNeo4jConformance } from './support/describe-conformance.js'

// The conformance suite on Neo4j 5.26 through the main entry, default page size and limit 1.
describeNeo4jConformance('neo4j5')
