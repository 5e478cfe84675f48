import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The providers and the driver each one takes as a peer. */
export const PROVIDER_DRIVERS = {
  'provider-pg': 'pg',
  'provider-postgres': 'postgres',
  'provider-knex': 'knex',
  'provider-mongo': 'mongodb',
  'provider-neo4j': 'neo4j-driver',
} as const

const packages = join(__dirname, '..', '..', '..')

/** A provider's manifest, read from the repository. */
export function providerManifest(provider: keyof typeof PROVIDER_DRIVERS): {
  peerDependencies: Record<string, string>
} {
  return JSON.parse(readFileSync(join(packages, provider, 'package.json'), 'utf8'))
}

/**
 * The lowest release each alternative of a peer range admits: `^4.4.0 || ^5.0.0` gives
 * `['4.4.0', '5.0.0']`. Only the forms the manifests use (`^x.y.z`, joined by `||`) are
 * understood; anything else throws, so a new form cannot slip past the test.
 */
export function rangeFloors(range: string): string[] {
  return range.split('||').map((part) => {
    const match = /^\^(\d+\.\d+\.\d+)$/.exec(part.trim())
    if (!match) throw new Error(`peer range ${JSON.stringify(range)}: only ^x.y.z alternatives are understood`)
    return match[1]!
  })
}

/** The version of an installed package (an alias such as `pg-8.0.0` included). */
export function installedVersion(name: string, from: string = __dirname): string {
  const manifest = require.resolve(`${name}/package.json`, { paths: [from] })
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
}
