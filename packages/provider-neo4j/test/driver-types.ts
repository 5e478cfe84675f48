// Compiled by `pnpm typecheck`: a Driver of either neo4j-driver line (4.4, 5.x) fits the
// package's minimal driver interface without a cast.
import neo4j5 from 'neo4j-driver'
import neo4j4 from 'neo4j-driver-v4'
import type { Neo4jDriver } from '../src/index.js'

export const fromDriver5: Neo4jDriver = neo4j5.driver('bolt://localhost:7687')
export const fromDriver4: Neo4jDriver = neo4j4.driver('bolt://localhost:7687')
