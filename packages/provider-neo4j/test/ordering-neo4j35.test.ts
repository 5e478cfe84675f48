import { describeNeo4jOrdering } from './support/describe-ordering.js'

// The ordering proofs (deterministic held append, three stress rounds, their controls) on neo4j35.
describeNeo4jOrdering('neo4j35')
