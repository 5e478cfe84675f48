import { neo4jSmokeTest } from './neo4j-smoke.js'

neo4jSmokeTest('neo4j35')
