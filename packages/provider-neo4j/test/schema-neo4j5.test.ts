import { describeNeo4jSchema } from './support/describe-constraints.js'

// Constraints, migrate() and schema conflicts, checked against the neo4j5 server itself.
describeNeo4jSchema('neo4j5')
