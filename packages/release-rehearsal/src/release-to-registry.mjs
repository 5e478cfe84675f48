// The release flow of CONTRIBUTING.md, run in a scratch copy against the local registry:
// `changeset version` applies the pending changesets (versions, peer ranges, CHANGELOG.md),
// then `changeset publish` publishes every public package whose version is not there yet.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cleanEnv, RehearsalFailed, runCommand } from './run-command.mjs'
import { manifestIn, publishedPackages, versionsIn } from './scratch-copy.mjs'

/** The environment under which changesets, pnpm and npm talk to the local registry only. */
export function registryEnv(copy, registry) {
  const npmrc = join(copy, '.npmrc-rehearsal')
  writeFileSync(npmrc, `registry=${registry.url}\n${registry.url.replace(/^http:/, '')}:_authToken=${registry.token}\n`)
  return cleanEnv({
    npm_config_registry: registry.url,
    'npm_config_@evtstore:registry': registry.url,
    npm_config_userconfig: npmrc,
    NPM_CONFIG_USERCONFIG: npmrc,
  })
}

/**
 * Versions and publishes the copy. Returns the versions before and after, the output of
 * both commands and what each package's CHANGELOG.md starts with.
 */
export async function releaseToRegistry(copy, registry) {
  const changeset = join(copy, 'node_modules', '.bin', 'changeset')
  const before = versionsIn(copy)
  const env = registryEnv(copy, registry)
  const versionOutput = await runCommand(changeset, ['version'], { cwd: copy, env })
  const after = versionsIn(copy)
  const changelogs = {}
  for (const pkg of publishedPackages(copy)) {
    const file = join(copy, pkg.dir, 'CHANGELOG.md')
    if (!existsSync(file)) throw new RehearsalFailed(`changeset version wrote no ${pkg.dir}/CHANGELOG.md`)
    const text = readFileSync(file, 'utf8')
    if (!text.includes(`## ${after[pkg.name]}`)) {
      throw new RehearsalFailed(`${pkg.dir}/CHANGELOG.md has no section for ${after[pkg.name]}:\n${text.slice(0, 400)}`)
    }
    changelogs[pkg.name] = text.split('\n').slice(0, 3).join(' | ')
    // Provenance is attested by the CI identity of a real release (.github/workflows/release.yml);
    // a local registry has none, so the copy publishes without it. Everything else is as released.
    const manifestFile = join(copy, pkg.dir, 'package.json')
    const manifest = manifestIn(copy, pkg.name)
    if (manifest.publishConfig?.provenance !== true) {
      throw new RehearsalFailed(`${pkg.name} has no publishConfig.provenance: true`)
    }
    delete manifest.publishConfig.provenance
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n')
  }
  const publishOutput = await runCommand(changeset, ['publish'], { cwd: copy, env, timeoutMs: 300_000 })
  for (const pkg of publishedPackages(copy)) {
    const response = await fetch(`${registry.url}${pkg.name.replace('/', '%2f')}`)
    const doc = await response.json().catch(() => ({}))
    if (!response.ok || doc.versions?.[after[pkg.name]] === undefined) {
      throw new RehearsalFailed(`${pkg.name}@${after[pkg.name]} is not on the local registry after changeset publish:\n${publishOutput}`)
    }
  }
  return { before, after, versionOutput, publishOutput, changelogs }
}
