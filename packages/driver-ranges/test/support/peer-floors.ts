import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

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

/**
 * The version of an installed package (an alias such as `pg-8.0.3` included), found the
 * way Node looks up packages: `node_modules/<name>` in `from` and each folder above it.
 * The manifest is read from disk, as not every package exports `./package.json`.
 */
export function installedVersion(name: string, from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json')
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version
    if (dirname(dir) === dir) throw new Error(`${name} is not installed where ${from} can see it`)
  }
}
