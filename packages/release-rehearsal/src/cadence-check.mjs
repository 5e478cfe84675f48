// Separate release cadences, shown on scratch copies with the pending changesets removed:
//   1. a changeset that touches only @evtstore/provider-pg bumps only provider-pg;
//   2. a patch changeset of core bumps core alone (every peer range still admits it);
//   3. a major changeset of @evtstore/core bumps exactly the packages whose peer range on
//      core no longer covers the new version (changesets' onlyUpdatePeerDependentsWhenOutOfRange);
//      one provider is given a range that does cover it, and must be left alone.
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { RehearsalFailed, runCommand } from './run-command.mjs'
import { manifestIn, publishedPackages, versionsIn } from './scratch-copy.mjs'
import semver from 'semver'

const satisfies = (version, range) => semver.satisfies(version, range)

function onlyChangeset(copy, frontmatter, text) {
  const dir = join(copy, '.changeset')
  for (const file of readdirSync(dir)) if (file.endsWith('.md') && file !== 'README.md') rmSync(join(dir, file))
  writeFileSync(join(dir, 'rehearsal-only.md'), `---\n${frontmatter}\n---\n\n${text}\n`)
}

function changed(before, after) {
  return Object.keys(after).filter((name) => before[name] !== after[name])
}

function table(before, after, peerBefore, peerAfter) {
  return Object.keys(after)
    .map((name) => {
      const bump = before[name] === after[name] ? 'unchanged' : `${before[name]} -> ${after[name]}`
      const peer = peerBefore[name] === undefined ? '' : `  peer @evtstore/core ${peerBefore[name]}${peerAfter[name] === peerBefore[name] ? '' : ` -> ${peerAfter[name]}`}`
      return `      ${name.padEnd(28)} ${bump}${peer}`
    })
    .join('\n')
}

function corePeers(copy) {
  return Object.fromEntries(
    publishedPackages(copy)
      .map((pkg) => [pkg.name, manifestIn(copy, pkg.name).peerDependencies?.['@evtstore/core']])
      .filter(([, range]) => range !== undefined),
  )
}

async function version(copy) {
  const before = versionsIn(copy)
  const peerBefore = corePeers(copy)
  await runCommand(join(copy, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: copy })
  return { before, after: versionsIn(copy), peerBefore, peerAfter: corePeers(copy) }
}

/** A provider-pg-only changeset: returns the report lines; throws when anything else moved. */
export async function checkProviderOnlyRelease(copy) {
  onlyChangeset(copy, '"@evtstore/provider-pg": minor', 'Rehearsal: a provider-pg feature.')
  const { before, after, peerBefore, peerAfter } = await version(copy)
  const moved = changed(before, after)
  if (moved.length !== 1 || moved[0] !== '@evtstore/provider-pg') {
    throw new RehearsalFailed(`a provider-pg-only changeset bumped [${moved.join(', ')}], not only @evtstore/provider-pg`)
  }
  return `  cadence 1: changeset '"@evtstore/provider-pg": minor' -> only provider-pg moves\n${table(before, after, peerBefore, peerAfter)}`
}

/** A compatible core changeset (a patch): core moves alone, no provider is dragged along. */
export async function checkCorePatchRelease(copy) {
  onlyChangeset(copy, '"@evtstore/core": patch', 'Rehearsal: a compatible core fix.')
  const { before, after, peerBefore, peerAfter } = await version(copy)
  const moved = changed(before, after)
  if (moved.length !== 1 || moved[0] !== '@evtstore/core') {
    throw new RehearsalFailed(`a core patch changeset bumped [${moved.join(', ')}], not only @evtstore/core`)
  }
  const ranges = Object.entries(peerAfter).filter(([name, range]) => range !== peerBefore[name])
  if (ranges.length > 0) throw new RehearsalFailed(`a core patch moved peer ranges: ${ranges.map(([n, r]) => `${n} ${r}`).join(', ')}`)
  return `  cadence 2: changeset '"@evtstore/core": patch' -> only core moves, every peer range still admits it\n${table(before, after, peerBefore, peerAfter)}`
}

/**
 * A major core changeset, after widening one provider's peer range (`wideProvider`) to
 * admit the next major: the providers whose range no longer covers core are bumped (major,
 * with the range moved to the new core), that one is not.
 */
export async function checkCoreMajorRelease(copy, wideProvider) {
  const manifestFile = join(copy, publishedPackages(copy).find((p) => p.name === wideProvider).dir, 'package.json')
  const wide = manifestIn(copy, wideProvider)
  const coreNow = versionsIn(copy)['@evtstore/core']
  const nextMajor = `${Number(coreNow.split('.')[0]) + 1}.0.0`
  wide.peerDependencies['@evtstore/core'] = `${wide.peerDependencies['@evtstore/core']} || ^${nextMajor}`
  writeFileSync(manifestFile, JSON.stringify(wide, null, 2) + '\n')
  onlyChangeset(copy, '"@evtstore/core": major', 'Rehearsal: a breaking core release.')
  const { before, after, peerBefore, peerAfter } = await version(copy)
  const newCore = after['@evtstore/core']
  if (newCore !== nextMajor) throw new RehearsalFailed(`a major core changeset gave core ${newCore}, not ${nextMajor}`)
  const problems = []
  for (const [name, range] of Object.entries(peerBefore)) {
    const covered = satisfies(newCore, range)
    const bumped = before[name] !== after[name]
    if (covered && bumped) problems.push(`${name} (peer ${range} covers ${newCore}) was bumped to ${after[name]}`)
    if (!covered && !bumped) problems.push(`${name} (peer ${range} does not cover ${newCore}) was not bumped`)
    if (!covered && !satisfies(newCore, peerAfter[name])) problems.push(`${name}'s peer range ${peerAfter[name]} still does not cover ${newCore}`)
    if (!covered && Number(after[name].split('.')[0]) <= Number(before[name].split('.')[0])) {
      problems.push(`${name} was bumped ${before[name]} -> ${after[name]}: a new peer major must be a major of the provider`)
    }
  }
  const untouched = Object.keys(after).filter((name) => name !== '@evtstore/core' && peerBefore[name] === undefined && before[name] !== after[name])
  if (untouched.length > 0) problems.push(`packages without a core peer moved: ${untouched.join(', ')}`)
  if (problems.length > 0) throw new RehearsalFailed(`a major core release was not handled as expected:\n  - ${problems.join('\n  - ')}`)
  const marked = Object.keys(peerBefore).filter((name) => before[name] !== after[name])
  return (
    `  cadence 3: changeset '"@evtstore/core": major' (${wideProvider} widened to admit ${nextMajor}) -> ` +
    `marked: ${marked.join(', ')}; left alone: ${wideProvider}\n${table(before, after, peerBefore, peerAfter)}`
  )
}
