import { describeNeo4jConformance } from './support/describe-conformance.js'

// The conformance suite on Neo4j 3.5 through the /v3 entry, default page size and limit 1.
describeNeo4jConformance('neo4j35')
