/** The database servers evtstore's tests can ask for. */
export type DatabaseKind = 'postgres' | 'mariadb' | 'mongo' | 'neo4j5' | 'neo4j44' | 'neo4j35'

/** Every kind, in a stable order. */
export const DATABASE_KINDS: readonly DatabaseKind[] = ['postgres', 'mariadb', 'mongo', 'neo4j5', 'neo4j44', 'neo4j35']

const ENV_NAMES: Record<DatabaseKind, string> = {
  postgres: 'POSTGRES',
  mariadb: 'MARIADB',
  mongo: 'MONGO',
  neo4j5: 'NEO4J5',
  neo4j44: 'NEO4J44',
  neo4j35: 'NEO4J35',
}

/**
 * Whether a string names a database kind.
 * @example isDatabaseKind('postgres') // true
 */
export function isDatabaseKind(value: string): value is DatabaseKind {
  return (DATABASE_KINDS as readonly string[]).includes(value)
}

/**
 * The environment variable that points the tests at a running server of this kind.
 * @example urlVariable('neo4j44') // 'EVTSTORE_NEO4J44_URL'
 */
export function urlVariable(kind: DatabaseKind): string {
  return `EVTSTORE_${ENV_NAMES[kind]}_URL`
}

/**
 * The environment variable that swaps in another image for this kind.
 * @example imageVariable('postgres') // 'EVTSTORE_POSTGRES_IMAGE'
 */
export function imageVariable(kind: DatabaseKind): string {
  return `EVTSTORE_${ENV_NAMES[kind]}_IMAGE`
}

/**
 * The environment variable the jest global setup fills with the server's version.
 * @example versionVariable('mongo') // 'EVTSTORE_MONGO_VERSION'
 */
export function versionVariable(kind: DatabaseKind): string {
  return `EVTSTORE_${ENV_NAMES[kind]}_VERSION`
}
