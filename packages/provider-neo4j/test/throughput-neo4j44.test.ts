import { describeNeo4jThroughput } from './support/describe-throughput.js'

// Appends/s at 1 and 16 writers on neo4j44, printed for the README (never asserted).
describeNeo4jThroughput('neo4j44')
