#!/usr/bin/env node
// The release rehearsal (the package's `test`): proves from outside the repository what a
// user meets on the registry. In a temporary folder it
//   1. checks that docs/writing-a-provider.md shows the custom-provider project's files;
//   2. shows separate cadences on scratch copies (cadence-check.mjs);
//   3. starts a local registry (verdaccio, no uplinks), versions a scratch copy with the
//      pending changesets and publishes every public package to it (release-to-registry.mjs);
//   4. installs @evtstore/core + one provider + its driver into fresh projects and runs an
//      ES module and a CommonJS program on each: knex + SQLite, pg on the test Postgres,
//      mongo on the test MongoDB (FerretDB here), neo4j on the test Neo4j 5
//      (consumer-check.mjs);
//   5. walks the custom-provider author's path (custom-provider-check.mjs).
// It prints what each step did and the installed versions, fails on the first problem,
// and removes what it made (registry, database, folders) in every case.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createTestDatabase, serverVersion, startDatabase, urlVariable } from '@evtstore/test-databases'
import { checkCoreMajorRelease, checkCorePatchRelease, checkProviderOnlyRelease } from './cadence-check.mjs'
import { checkConsumer } from './consumer-check.mjs'
import { checkCustomProvider } from './custom-provider-check.mjs'
import { checkGuideSnippets } from './guide-snippets.mjs'
import { startLocalRegistry } from './local-registry.mjs'
import { releaseToRegistry } from './release-to-registry.mjs'
import { checkReleaseWorkflow } from './release-workflow-check.mjs'
import { RehearsalFailed, stopAllCommands } from './run-command.mjs'
import { scratchCopy } from './scratch-copy.mjs'

const started = Date.now()
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`
const cleanups = []

async function main() {
  console.log('Release rehearsal: publish to a local registry, install from it, use it')
  const work = mkdtempSync(join(tmpdir(), 'evtstore-rehearsal-'))
  cleanups.push(() => rmSync(work, { recursive: true, force: true }))

  let since = Date.now()
  const snippets = checkGuideSnippets(root, 'docs/writing-a-provider.md')
  if (snippets.length === 0) throw new RehearsalFailed('docs/writing-a-provider.md has no snippet of the custom-provider project')
  console.log(`  ok  docs/writing-a-provider.md shows ${snippets.length} files of the custom-provider project verbatim`)
  console.log(checkReleaseWorkflow(root))

  // The test servers start while the rest runs (MongoDB and Neo4j: the run's shared ones
  // when `pnpm test` handed their URLs over).
  const postgres = server('postgres')
  const mongo = server('mongo')
  const neo4j = server('neo4j5')

  since = Date.now()
  console.log(await checkProviderOnlyRelease(await scratchCopy(root, join(work, 'cadence-provider'))))
  console.log(await checkCorePatchRelease(await scratchCopy(root, join(work, 'cadence-core-patch'))))
  console.log(await checkCoreMajorRelease(await scratchCopy(root, join(work, 'cadence-core')), '@evtstore/provider-knex'))
  console.log(`      (cadence checks in ${seconds(since)})`)

  since = Date.now()
  const registry = await startLocalRegistry(join(work, 'registry'))
  cleanups.push(() => registry.stop())
  const release = await releaseToRegistry(await scratchCopy(root, join(work, 'release')), registry)
  const versions = release.after
  console.log(`  ok  verdaccio ${registry.version} on ${registry.url} (no uplinks); changeset version + changeset publish:`)
  for (const [name, version] of Object.entries(versions)) {
    console.log(`        ${name.padEnd(28)} ${release.before[name]} -> ${version}   CHANGELOG.md: ${release.changelogs[name]}`)
  }
  console.log(`      (registry, version and publish in ${seconds(since)})`)

  since = Date.now()
  const db = await postgres
  const database = await createTestDatabase('postgres', db.url, 'rehearsal')
  cleanups.push(() => database.drop())
  console.log(`  ok  test Postgres: ${db.version.split(' on ')[0]} (ready ${seconds(started)} after start)`)
  const mongoServer = await mongo
  const mongoDatabase = await createTestDatabase('mongo', mongoServer.url, 'rehearsal')
  cleanups.push(() => mongoDatabase.drop())
  console.log(`  ok  test MongoDB: ${mongoServer.version} (${mongoServer.shared ? 'the run\'s shared server' : `ready ${seconds(started)} after start`})`)
  const neo4jServer = await neo4j
  const neo4jStore = await createTestDatabase('neo4j5', neo4jServer.url, 'rehearsal')
  cleanups.push(() => neo4jStore.drop())
  console.log(`  ok  test Neo4j: ${neo4jServer.version} (${neo4jServer.shared ? 'the run\'s shared server' : `ready ${seconds(started)} after start`})`)
  const sqlite = workspaceDriver('provider-knex', 'better-sqlite3')
  const pick = (...names) => Object.fromEntries(names.map((name) => [name, versions[name]]))
  const results = await Promise.allSettled([
    checkConsumer({
      name: 'knex-sqlite',
      dir: join(work, 'user-knex-sqlite'),
      registry,
      packages: [
        `@evtstore/core@${versions['@evtstore/core']}`,
        `@evtstore/provider-knex@${versions['@evtstore/provider-knex']}`,
        'knex@^3.1.0',
        `better-sqlite3@${sqlite.version}`,
      ],
      prebuilt: { name: 'better-sqlite3', from: sqlite.dir },
      expect: pick('@evtstore/core', '@evtstore/provider-knex'),
      env: {},
    }),
    checkConsumer({
      name: 'pg',
      dir: join(work, 'user-pg'),
      registry,
      packages: [`@evtstore/core@${versions['@evtstore/core']}`, `@evtstore/provider-pg@${versions['@evtstore/provider-pg']}`, 'pg@^8.16.0'],
      expect: pick('@evtstore/core', '@evtstore/provider-pg'),
      env: { DATABASE_URL: database.url },
    }),
    checkConsumer({
      name: 'mongo',
      dir: join(work, 'user-mongo'),
      registry,
      packages: [
        `@evtstore/core@${versions['@evtstore/core']}`,
        `@evtstore/provider-mongo@${versions['@evtstore/provider-mongo']}`,
        `mongodb@${workspaceDriver('provider-mongo', 'mongodb').version}`,
      ],
      expect: pick('@evtstore/core', '@evtstore/provider-mongo'),
      env: { MONGO_URL: mongoDatabase.url },
    }),
    checkConsumer({
      name: 'neo4j',
      dir: join(work, 'user-neo4j'),
      registry,
      packages: [
        `@evtstore/core@${versions['@evtstore/core']}`,
        `@evtstore/provider-neo4j@${versions['@evtstore/provider-neo4j']}`,
        `neo4j-driver@${workspaceDriver('provider-neo4j', 'neo4j-driver').version}`,
      ],
      expect: pick('@evtstore/core', '@evtstore/provider-neo4j'),
      env: { NEO4J_URL: neo4jStore.url, LABEL_PREFIX: neo4jStore.name },
    }),
    checkCustomProvider(work, registry, versions),
  ])
  for (const result of results) if (result.status === 'fulfilled') console.log(result.value.join('\n'))
  const failed = results.filter((result) => result.status === 'rejected')
  if (failed.length > 0) {
    for (const result of failed.slice(1)) console.error(`Also FAILED: ${result.reason?.message ?? result.reason}`)
    throw failed[0].reason
  }
  console.log(`      (user projects in ${seconds(since)})`)
}

/**
 * The test server of `kind`: the one `EVTSTORE_<KIND>_URL` names (the run's shared server,
 * left running), else a container of its own, stopped at the end. A promise that never
 * rejects unobserved: the failure surfaces where it is awaited.
 */
function server(kind) {
  const url = process.env[urlVariable(kind)]
  const started = url
    ? serverVersion(kind, url).then((version) => ({ url, version, shared: true }))
    : startDatabase(kind).then((db) => {
        cleanups.push(() => db.stop())
        return { url: db.url, version: db.version, shared: false }
      })
  started.catch(() => undefined)
  return started
}

/** Where a package's dev dependency is installed in the workspace, and its version. */
function workspaceDriver(pkg, name) {
  const dir = realpathSync(join(root, 'packages', pkg, 'node_modules', name))
  return { dir, version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version }
}

async function cleanup() {
  stopAllCommands()
  for (const step of cleanups.reverse()) await Promise.resolve().then(step).catch((err) => console.error(`cleanup: ${err.message}`))
}

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanup().finally(() => process.exit(130)))

main()
  .then(async () => {
    await cleanup()
    console.log(`Release rehearsal passed in ${seconds(started)}.`)
  })
  .catch(async (err) => {
    await cleanup()
    console.error(`Release rehearsal FAILED: ${err instanceof RehearsalFailed ? err.message : (err?.stack ?? err)}`)
    console.error(`(after ${seconds(started)})`)
    process.exitCode = 1
  })
