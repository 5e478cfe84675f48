#!/usr/bin/env node
// Checks that the published packages work for someone who installs them from npm.
//
// Finds every published package (packages/* without `"private": true`), `pnpm pack`s
// each into a temporary folder outside the repository, installs all the tarballs into an
// empty project there with npm, offline, without their peer drivers (pg, postgres, knex, ...),
// and then:
//   - checks each installed package.json (packaging-fixtures/manifest-rules.mjs): exports
//     map with types for import and require, every named file present, sideEffects false,
//     no runtime dependencies, exactly the peers its own packaging/check.cjs declares, no
//     workspace ranges, no test files;
//   - runs an ES module (.mjs) and a CommonJS (.cjs) file that use core with its memory
//     provider, run every package's own checks (packages/<dir>/packaging/check.cjs, through
//     packaging-fixtures/package-checks.cjs: providers load without their drivers and
//     refuse bad table names with a ValidationError before any I/O), and load every entry
//     point, each of which must resolve to its own build;
//   - lints every tarball with publint (errors fail, warnings are printed) and checks its
//     types with arethetypeswrong (attw --profile node16: CommonJS and ESM consumers under
//     node16 resolution, and bundlers), with no problem allowed;
//   - type-checks packaging-fixtures/types-usage.ts and every package's own
//     packaging/types.ts against the tarballs' declarations with the repository's tsc
//     under `--module node16`, once as ESM (.mts) and once as CommonJS (.cts), and checks
//     which declaration files each resolved to.
// Nothing here names a package: a new provider is picked up from packages/*/package.json
// and brings its checks in its own packaging/ folder.
// It prints each check and the time taken, exits non-zero on the first failure, and
// removes the temporary folder in every case.
// Run it after building: `pnpm build && node scripts/check-packaging.mjs`.
import { spawn } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { entryPoints, manifestProblems } from './packaging-fixtures/manifest-rules.mjs'

const started = Date.now()
const root = dirname(dirname(fileURLToPath(import.meta.url)))
const fixtures = join(root, 'scripts', 'packaging-fixtures')
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc')
/** Entry points the base fixture (types-usage.ts) imports, whose declarations must be loaded. */
const BASE_TYPED_ENTRIES = ['@evtstore/core', '@evtstore/core/memory', '@evtstore/conformance']

class CheckFailed extends Error {}
const fail = (message) => {
  throw new CheckFailed(message)
}
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`
const ok = (message, since) =>
  console.log(`  ok  ${message}${since === undefined ? '' : ` (${seconds(since)})`}`)

/** Runs a command to completion; rejects with its output when it exits non-zero. */
function run(command, args, { cwd, env = process.env, timeoutMs = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    active.add(child)
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      active.delete(child)
      reject(new CheckFailed(`could not start ${command}: ${err.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      active.delete(child)
      if (code === 0) resolve(output)
      else
        reject(
          new CheckFailed(
            `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.trim()}`,
          ),
        )
    })
  })
}
const active = new Set()

/** The environment for npm: without the npm_* variables a `pnpm run` parent sets for itself. */
function npmEnv() {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig'])
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') || keep.has(k)))
}

/**
 * Every published package under packages/ (no `"private": true`), by name, with its own
 * checks: `packaging/check.cjs` (required: it declares the package's peers) and, when
 * present, `packaging/types.ts`.
 */
function findPackages() {
  const found = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')))
    .map((entry) => {
      const dir = join('packages', entry.name)
      const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
      const types = join(root, dir, 'packaging', 'types.ts')
      return {
        name: manifest.name,
        dir,
        private: manifest.private === true,
        check: join(root, dir, 'packaging', 'check.cjs'),
        types: existsSync(types) ? types : undefined,
      }
    })
    .filter((pkg) => !pkg.private)
  for (const pkg of found) {
    if (!existsSync(pkg.check)) fail(`${pkg.name} has no ${pkg.dir}/packaging/check.cjs (see CONTRIBUTING.md, "Packaging checks")`)
    const { peers } = createRequire(import.meta.url)(pkg.check)
    if (!Array.isArray(peers)) fail(`${pkg.dir}/packaging/check.cjs does not export peers (an array)`)
    pkg.peers = peers
  }
  if (!found.some((p) => p.name === '@evtstore/core')) fail('@evtstore/core is not a published package under packages/')
  return found.sort((a, b) => a.name.localeCompare(b.name))
}

function checkBuilt(packages) {
  for (const pkg of packages) {
    if (!existsSync(join(root, pkg.dir, 'dist'))) {
      fail(`${pkg.name} is not built (${pkg.dir}/dist is missing). Run: pnpm --filter ${pkg.name} build`)
    }
  }
  ok(`${packages.length} published packages are built: ${packages.map((p) => p.name).join(', ')}`)
}

async function pack(work, packages) {
  const since = Date.now()
  // allSettled: on a failure, no pack is still writing when the temporary folder is removed.
  const packed = await Promise.allSettled(
    packages.map(async (pkg) => {
      const dest = join(work, 'tarballs', pkg.name.replace('/', '+'))
      mkdirSync(dest, { recursive: true })
      await run('pnpm', ['pack', '--pack-destination', dest], { cwd: join(root, pkg.dir) })
      const made = readdirSync(dest).filter((f) => f.endsWith('.tgz'))
      if (made.length !== 1) fail(`pnpm pack of ${pkg.name} produced ${made.length} tarballs`)
      return join(dest, made[0])
    }),
  )
  const failed = packed.find((result) => result.status === 'rejected')
  if (failed !== undefined) throw failed.reason
  const tarballs = packed.map((result) => result.value)
  ok(`packed ${tarballs.map((t) => t.split(sep).pop()).join(', ')}`, since)
  return tarballs
}

/** publint (API) and arethetypeswrong (CLI) on every tarball, all at once. */
async function lintTarballs(tarballs) {
  const since = Date.now()
  const rootRequire = createRequire(join(root, 'package.json'))
  const { publint } = await import(pathToFileURL(rootRequire.resolve('publint')).href)
  const { formatMessage } = await import(pathToFileURL(rootRequire.resolve('publint/utils')).href)
  const attw = join(dirname(rootRequire.resolve('@arethetypeswrong/cli/package.json')), 'dist', 'index.js')
  const results = await Promise.allSettled(
    tarballs.map(async (tarball) => {
      const file = tarball.split(sep).pop()
      const bytes = readFileSync(tarball)
      const { messages, pkg } = await publint({
        pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      })
      const shown = messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`)
      if (messages.some((m) => m.type === 'error')) fail(`publint found errors in ${file}:\n  ${shown.join('\n  ')}`)
      const types = await run(process.execPath, [attw, tarball, '--profile', 'node16', '--format', 'table-flipped'], {
        timeoutMs: 120_000,
      }).catch((err) => fail(`arethetypeswrong found problems in ${file}:\n${err.message}`))
      if (!/No problems found/.test(types)) fail(`arethetypeswrong did not report "No problems found" for ${file}:\n${types}`)
      return `${file}: publint ${messages.length === 0 ? 'clean' : shown.join('; ')}, attw no problems`
    }),
  )
  const failed = results.find((result) => result.status === 'rejected')
  if (failed !== undefined) throw failed.reason
  ok(
    `publint and arethetypeswrong (node16 from CJS and ESM, bundler) on every tarball:\n        ${results.map((r) => r.value).join('\n        ')}`,
    since,
  )
}

async function install(project, tarballs, packages) {
  const since = Date.now()
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'evtstore-packaging-check', version: '0.0.0', private: true }, null, 2) + '\n',
  )
  // --offline: nothing comes from a registry. --legacy-peer-deps: peers (the drivers, a
  // test runner) are the user's to bring, so they are not installed; core, the peer of
  // the others, is among the tarballs. Only the tarballs are installed.
  const args = ['install', '--no-audit', '--no-fund', '--offline', '--legacy-peer-deps', '--ignore-scripts']
  await run('npm', [...args, ...tarballs], { cwd: project, env: npmEnv() })
  const installed = readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.'))
  const scoped = installed.flatMap((n) =>
    n.startsWith('@') ? readdirSync(join(project, 'node_modules', n)).map((s) => `${n}/${s}`) : [n],
  )
  const unexpected = scoped.filter((n) => !packages.some((p) => p.name === n))
  if (unexpected.length > 0)
    fail(`npm installed packages beyond the tarballs (a runtime dependency?): ${unexpected.join(', ')}`)
  const absent = packages.filter((p) => !scoped.includes(p.name))
  if (absent.length > 0) fail(`npm did not install ${absent.map((p) => p.name).join(', ')}`)
  ok(`npm installed the ${tarballs.length} tarballs offline into ${project}, no drivers, nothing else`, since)
}

/** Checks every installed manifest; returns the entry points of all packages. */
function checkManifests(project, packages) {
  const entries = []
  for (const pkg of packages) {
    const dir = join(project, 'node_modules', ...pkg.name.split('/'))
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const problems = manifestProblems(pkg.name, manifest, dir, pkg.peers)
    if (problems.length > 0) fail(`${pkg.name} is not packaged right:\n  - ${problems.join('\n  - ')}`)
    const own = entryPoints(pkg.name, manifest)
    entries.push(...own)
    const peers = Object.keys(manifest.peerDependencies ?? {})
    ok(
      `${pkg.name}@${manifest.version}: exports ${own.map((e) => e.specifier.slice(pkg.name.length) || '.').join(' ')} ` +
        `with types, files present, sideEffects false, no runtime deps, peers [${peers.join(', ')}]`,
    )
  }
  return entries
}

async function runtimeChecks(project, entries, packages) {
  writeFileSync(join(project, 'entries.json'), JSON.stringify(entries.map((e) => e.specifier)))
  copyFileSync(join(fixtures, 'package-checks.cjs'), join(project, 'package-checks.cjs'))
  mkdirSync(join(project, 'checks'))
  const checks = {}
  for (const pkg of packages) {
    const file = `./checks/${pkg.name.replace('/', '+')}.cjs`
    copyFileSync(pkg.check, join(project, file))
    checks[pkg.name] = file
  }
  writeFileSync(join(project, 'checks.json'), JSON.stringify(checks, null, 2))
  const formats = [
    { file: 'check-esm.mjs', build: 'esm', label: 'ES module' },
    { file: 'check-cjs.cjs', build: 'cjs', label: 'CommonJS' },
  ]
  for (const format of formats) {
    const since = Date.now()
    copyFileSync(join(fixtures, format.file), join(project, format.file))
    const output = await run(process.execPath, [format.file], { cwd: project, timeoutMs: 30_000 }).catch(
      (err) => fail(`${format.label} check (${format.file}) failed: ${err.message}`),
    )
    const lines = output.trim().split('\n')
    const resolved = JSON.parse(lines.pop())
    for (const entry of entries) {
      const where = resolved[entry.specifier]
      if (where === undefined) fail(`${format.label} check did not load ${entry.specifier}`)
      const path = where.startsWith('file:') ? fileURLToPath(where) : where
      if (!path.includes(`${sep}dist${sep}${format.build}${sep}`)) {
        fail(
          `${format.label} import of ${entry.specifier} resolved to ${path}, not the ${format.build} build`,
        )
      }
    }
    ok(
      `${format.label} (${format.file}): memory provider ran a command; ${entries.length} entry points load from ` +
        `dist/${format.build}; each package's own checks:\n        ${lines.join('\n        ')}`,
      since,
    )
  }
}

/** Compiles the TypeScript fixtures as one module system; returns the declaration files loaded. */
async function typeCheck(project, entries, packages, variant) {
  const since = Date.now()
  const sources = [
    [join(fixtures, 'types-usage.ts'), `types-${variant.build}.${variant.ext}`],
    ...packages
      .filter((pkg) => pkg.types !== undefined)
      .map((pkg) => [pkg.types, `types-${pkg.name.split('/')[1]}-${variant.build}.${variant.ext}`]),
  ]
  const files = sources.map(([from, to]) => {
    copyFileSync(from, join(project, to))
    return to
  })
  const typedEntries = [...BASE_TYPED_ENTRIES, ...packages.filter((pkg) => pkg.types !== undefined).map((pkg) => pkg.name)]
  // No ambient @types: the check sees only what the tarballs declare.
  const config = `tsconfig.${variant.build}.json`
  const compilerOptions = { strict: true, noEmit: true, target: 'es2022', types: [], skipLibCheck: false }
  writeFileSync(join(project, config), JSON.stringify({ compilerOptions, files }, null, 2))
  const flags = ['-p', config, '--module', 'node16', '--moduleResolution', 'node16', '--listFiles']
  const output = await run(process.execPath, [tsc, ...flags], { cwd: project, timeoutMs: 120_000 }).catch(
    (err) => {
      // Keep tsc's diagnostics, drop the --listFiles lines around them.
      const diagnostics = err.message.split('\n').filter((line) => !/^\/.*\.d?\.?[cm]?ts$/.test(line.trim()))
      fail(`TypeScript ${variant.label} check of ${files.join(', ')} failed:\n${diagnostics.join('\n')}`)
    },
  )
  const loaded = output.split('\n').map((l) => relative(project, l.trim()).split(sep).join('/'))
  for (const specifier of new Set(typedEntries)) {
    const entry = entries.find((e) => e.specifier === specifier)
    if (entry === undefined) fail(`${specifier} is not an entry point of its installed package`)
    const pkgName = specifier.split('/').slice(0, 2).join('/')
    const expected = `node_modules/${pkgName}/${entry.types[variant.build].replace(/^\.\//, '')}`
    if (!expected.includes(`/dist/${variant.build}/`))
      fail(`${specifier} declares ${variant.label} types outside dist/${variant.build}: ${expected}`)
    if (!loaded.includes(expected)) fail(`${variant.label} type check did not load ${expected}`)
  }
  return () =>
    ok(
      `TypeScript ${variant.label} (${files.join(', ')}, --module node16): compiles against the dist/${variant.build} ` +
        `declarations of ${new Set(typedEntries).size} entry points; wrong provider options are type errors`,
      since,
    )
}

/** Both module systems at once (tsc is the slow part); reports in a fixed order. */
async function typeChecks(project, entries, packages) {
  const variants = [
    { ext: 'mts', build: 'esm', label: 'ESM' },
    { ext: 'cts', build: 'cjs', label: 'CommonJS' },
  ]
  const results = await Promise.allSettled(variants.map((variant) => typeCheck(project, entries, packages, variant)))
  for (const result of results) {
    if (result.status === 'rejected') throw result.reason
    result.value()
  }
}

async function main() {
  console.log('Packaging check: install the packed packages outside the repository and use them')
  const packages = findPackages()
  checkBuilt(packages)
  const work = mkdtempSync(join(tmpdir(), 'evtstore-packaging-'))
  const cleanup = () => rmSync(work, { recursive: true, force: true })
  const onSignal = (signal) => {
    for (const child of active) child.kill('SIGTERM')
    cleanup()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  process.once('SIGHUP', onSignal)
  try {
    const project = join(work, 'project')
    const tarballs = await pack(work, packages)
    mkdirSync(project)
    // allSettled: on a failure, no npm is still writing when the temporary folder is removed.
    const [linted, installed] = await Promise.allSettled([lintTarballs(tarballs), install(project, tarballs, packages)])
    for (const result of [linted, installed]) if (result.status === 'rejected') throw result.reason
    const entries = checkManifests(project, packages)
    await runtimeChecks(project, entries, packages)
    await typeChecks(project, entries, packages)
  } finally {
    cleanup()
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
    process.removeListener('SIGHUP', onSignal)
  }
  console.log(`Packaging check passed in ${seconds(started)}.`)
}

main().catch((err) => {
  console.error(`Packaging check FAILED: ${err instanceof CheckFailed ? err.message : (err?.stack ?? err)}`)
  console.error(`(after ${seconds(started)})`)
  process.exitCode = 1
})
