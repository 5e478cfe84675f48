import { describeNeo4jBehaviour } from './support/describe-behaviour.js'

// Errors told apart, retries, validation and both driver lines on neo4j44.
describeNeo4jBehaviour('neo4j44')
