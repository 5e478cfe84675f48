// The rules every installed @evtstore package.json must follow (docs/architecture.md): an exports
// map whose every entry has type declarations for both `import` and `require`, every file
// it names present in the tarball, `sideEffects: false`, no runtime dependency, peers
// limited to core and the package's own driver, no workspace ranges, no test files, and
// the metadata a registry page shows (metadataProblems).
// Used by scripts/check-packaging.mjs on the packages installed from their tarballs.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

function targets(node) {
  if (typeof node === 'string') return [node]
  if (node === null || typeof node !== 'object') return []
  return Object.values(node).flatMap(targets)
}

function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`
    if (entry.name === 'node_modules') return []
    return entry.isDirectory() ? filesUnder(dir, path) : [path]
  })
}

/**
 * The importable entry points of a package, as specifiers (`@evtstore/core/memory`), each
 * with the declaration file its `import` and `require` conditions name.
 */
export function entryPoints(name, manifest) {
  return Object.entries(manifest.exports ?? {})
    .filter(([key]) => key !== './package.json' && !key.includes('*'))
    .map(([key, value]) => ({
      specifier: key === '.' ? name : `${name}/${key.slice(2)}`,
      types: { esm: value?.import?.types, cjs: value?.require?.types },
    }))
}

/**
 * Every rule broken by the installed package in `dir` (empty when it is fine); `expected`
 * are the peers its own `packaging/check.cjs` declares.
 *
 * @example
 * ```js
 * manifestProblems('@evtstore/core', manifest, 'node_modules/@evtstore/core', []) // []
 * ```
 */
export function manifestProblems(name, manifest, dir, expected) {
  const problems = []
  const ranges = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
    Object.entries(manifest[field] ?? {}).map(([dep, range]) => `${field}.${dep}@${range}`),
  )
  const workspaceRanges = ranges.filter((r) => r.includes('workspace:'))
  if (workspaceRanges.length > 0) problems.push(`packed with workspace ranges: ${workspaceRanges.join(', ')}`)
  const runtime = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })
  if (runtime.length > 0)
    problems.push(`has runtime dependencies (${runtime.join(', ')}); only peers are allowed`)
  if (manifest.sideEffects !== false)
    problems.push(`sideEffects is ${JSON.stringify(manifest.sideEffects)}, not false`)

  const peers = Object.keys(manifest.peerDependencies ?? {}).sort()
  if (peers.join() !== [...expected].sort().join())
    problems.push(`peerDependencies are [${peers.join(', ')}], expected [${expected.join(', ')}]`)

  if (manifest.exports === undefined || typeof manifest.exports !== 'object') {
    problems.push('has no exports map')
    return problems
  }
  const entries = entryPoints(name, manifest)
  if (!entries.some((e) => e.specifier === name)) problems.push('exports has no "." entry')
  for (const entry of entries) {
    for (const build of ['esm', 'cjs']) {
      const condition = build === 'esm' ? 'import' : 'require'
      if (typeof entry.types[build] !== 'string')
        problems.push(`exports entry ${entry.specifier} has no "${condition}" condition with "types"`)
    }
  }
  const named = [
    ...targets(manifest.exports),
    ...targets(manifest.typesVersions),
    ...['main', 'module', 'types'].map((field) => manifest[field]).filter((v) => typeof v === 'string'),
  ]
  const missing = [...new Set(named)].filter((t) => !existsSync(join(dir, t)))
  if (missing.length > 0) problems.push(`names files missing from its tarball: ${missing.join(', ')}`)

  const shipped = filesUnder(dir)
  const tests = shipped.filter((f) => /(^|\/)(__tests__|test)\/|\.(test|spec)(\.d)?\.[cm]?[jt]s$/.test(f))
  if (tests.length > 0) problems.push(`ships test files: ${tests.slice(0, 5).join(', ')}`)
  return [...problems, ...metadataProblems(manifest, dir)]
}

/**
 * What a published manifest must say about itself: a description, a license, the
 * repository with the package's folder (npm provenance checks it), a homepage, keywords,
 * `engines.node`, a `files` list, a README in the tarball, and `publishConfig` with public
 * access and provenance.
 *
 * @example
 * ```js
 * metadataProblems({ name: '@evtstore/core', description: '' }, dir) // ['has no description', ...]
 * ```
 */
export function metadataProblems(manifest, dir) {
  const problems = []
  const text = (value) => typeof value === 'string' && value.trim() !== ''
  if (!text(manifest.description)) problems.push('has no description')
  if (!text(manifest.license)) problems.push('has no license')
  const repo = manifest.repository
  if (typeof repo !== 'object' || repo === null || !text(repo.url) || !text(repo.directory)) {
    problems.push('repository needs { type, url, directory } (directory: the package folder)')
  }
  if (!text(manifest.homepage)) problems.push('has no homepage')
  if (!Array.isArray(manifest.keywords) || manifest.keywords.length === 0) problems.push('has no keywords')
  if (!text(manifest.engines?.node)) problems.push('has no engines.node')
  if (!Array.isArray(manifest.files) || manifest.files.length === 0) problems.push('has no files list')
  if (!existsSync(join(dir, 'README.md'))) problems.push('ships no README.md')
  if (manifest.publishConfig?.access !== 'public' || manifest.publishConfig?.provenance !== true) {
    problems.push(`publishConfig is ${JSON.stringify(manifest.publishConfig)}, not { access: "public", provenance: true }`)
  }
  return problems
}
