import { imageVariable, type DatabaseKind } from './kinds.js'

/**
 * The one place image tags are pinned. `official` are Docker Hub's images, used where a
 * registry is reachable; `local` are built by `scripts/build-test-images` from Debian's
 * packages, the Go module proxy and Maven Central, for machines without a registry.
 */
export const IMAGES: Record<DatabaseKind, { official: string; local: string }> = {
  postgres: { official: 'postgres:15.14', local: 'evtstore-test/postgres:15' },
  mariadb: { official: 'mariadb:10.11.14', local: 'evtstore-test/mariadb:10.11' },
  mongo: { official: 'mongo:7.0', local: 'evtstore-test/ferretdb:1.24' },
  neo4j5: { official: 'neo4j:5.26-community', local: 'evtstore-test/neo4j:5' },
  neo4j44: { official: 'neo4j:4.4-community', local: 'evtstore-test/neo4j:4.4' },
  neo4j35: { official: 'neo4j:3.5-community', local: 'evtstore-test/neo4j:3.5' },
}

/** Images whose name starts with this were built by scripts/build-test-images. */
export const LOCAL_IMAGE_PREFIX = 'evtstore-test/'

/**
 * The image to start for a kind: `EVTSTORE_<KIND>_IMAGE` if set, else the local image
 * when `EVTSTORE_TEST_IMAGES=local`, else the official one.
 * @example
 * imageFor('postgres', { EVTSTORE_TEST_IMAGES: 'local' }) // 'evtstore-test/postgres:15'
 */
export function imageFor(kind: DatabaseKind, env: NodeJS.ProcessEnv = process.env): string {
  const override = env[imageVariable(kind)]
  if (override) return override
  return env.EVTSTORE_TEST_IMAGES === 'local' ? IMAGES[kind].local : IMAGES[kind].official
}

/**
 * Whether an image was built by scripts/build-test-images (its entrypoint takes the
 * port from `EVTSTORE_PORT`) rather than an official image.
 * @example isLocalImage('evtstore-test/neo4j:5') // true
 */
export function isLocalImage(image: string): boolean {
  return image.startsWith(LOCAL_IMAGE_PREFIX)
}
