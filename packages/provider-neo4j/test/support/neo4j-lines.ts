import type { Provider } from '@evtstore/core'
import neo4j5 from 'neo4j-driver'
import neo4j4 from 'neo4j-driver-v4'
import * as main from '../../src/index.js'
import type { Neo4jDriver } from '../../src/neo4j-driver.js'
import * as v3 from '../../src/v3/index.js'

/** The test servers of the three Neo4j lines (see @evtstore/test-databases). */
export type Neo4jKind = 'neo4j5' | 'neo4j44' | 'neo4j35'

/** Labels and the driver a store is opened with. */
export interface StoreOptions {
  client: Neo4jDriver | Promise<Neo4jDriver>
  events?: string
  bookmarks?: string
  limit?: number
  database?: string
}

/** How one server line is tested: which entry of the package, which driver. */
export interface Neo4jLine {
  kind: Neo4jKind
  /** Shown in test names. */
  title: string
  /** `provider.name` of the entry. */
  providerName: string
  /** The `/v3` entry writes the concatenated version key. */
  versionKey: boolean
  createProvider(options: StoreOptions): Provider
  migrate(options: Omit<StoreOptions, 'limit'>): Promise<void>
  /** The driver this line's tests use: 5.x for 4.4 and 5, the 4.4 line for 3.5 (as its users would). */
  driver(url: string): Neo4jDriver & { close(): Promise<void> }
  /** The other driver line, for the cross-driver check. */
  otherDriver(url: string): Neo4jDriver & { close(): Promise<void> }
}

const driver5 = (url: string) =>
  neo4j5.driver(url, undefined, { maxConnectionPoolSize: 50, connectionTimeout: 5000 })
const driver4 = (url: string) =>
  neo4j4.driver(url, undefined, {
    maxConnectionPoolSize: 50,
    connectionTimeout: 5000,
  }) as unknown as ReturnType<typeof driver5>

/** The lines, by server kind. */
export const LINES: Record<Neo4jKind, Neo4jLine> = {
  neo4j5: {
    kind: 'neo4j5',
    title: 'Neo4j 5.26',
    providerName: 'neo4j',
    versionKey: false,
    createProvider: main.createProvider,
    migrate: main.migrate,
    driver: driver5,
    otherDriver: driver4,
  },
  neo4j44: {
    kind: 'neo4j44',
    title: 'Neo4j 4.4',
    providerName: 'neo4j',
    versionKey: false,
    createProvider: main.createProvider,
    migrate: main.migrate,
    driver: driver5,
    otherDriver: driver4,
  },
  neo4j35: {
    kind: 'neo4j35',
    title: 'Neo4j 3.5 (/v3)',
    providerName: 'neo4j-v3',
    versionKey: true,
    createProvider: v3.createProvider,
    migrate: v3.migrate,
    driver: driver4,
    otherDriver: driver5,
  },
}
