#!/usr/bin/env node
// Checks that the published packages work for someone who installs them from npm.
//
// `pnpm pack`s @evtstore/core and @evtstore/conformance into a temporary folder outside
// the repository, installs the tarballs into an empty project there with npm, and then:
//   - checks each installed package.json: no `workspace:` ranges, no runtime
//     dependencies, every file named in `exports` present;
//   - runs an ES module (.mjs) and a CommonJS (.cjs) file that import both packages,
//     create a domain on the memory provider, run a command, and find
//     `runProviderConformance`; each must resolve to its own build (dist/esm, dist/cjs);
//   - type-checks a small TypeScript file against the tarballs' declarations with the
//     repository's tsc under `--module node16`, once as ESM (.mts) and once as CommonJS
//     (.cts), and checks which declaration files each resolved to.
// It prints each check, exits non-zero on the first failure, and removes the temporary
// folder in every case. Run it after building: `pnpm build && node scripts/check-packaging.mjs`.
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
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const fixtures = join(root, 'scripts', 'packaging-fixtures')
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc')
const packages = [
  { name: '@evtstore/core', dir: 'packages/core' },
  { name: '@evtstore/conformance', dir: 'packages/conformance' },
]

class CheckFailed extends Error {}
const fail = (message) => {
  throw new CheckFailed(message)
}
const ok = (message) => console.log(`  ok  ${message}`)

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

function checkBuilt() {
  for (const pkg of packages) {
    const dir = join(root, pkg.dir)
    if (!existsSync(join(dir, 'package.json'))) {
      fail(`${pkg.dir}/package.json does not exist: ${pkg.name} has not been created yet.`)
    }
    if (!existsSync(join(dir, 'dist'))) {
      fail(
        `${pkg.name} is not built (${pkg.dir}/dist is missing). Run: pnpm turbo run build --filter=${pkg.name}`,
      )
    }
  }
  ok(`${packages.map((p) => p.name).join(' and ')} are built`)
}

async function pack(work) {
  const tarballs = []
  for (const pkg of packages) {
    const dest = join(work, 'tarballs')
    const before = new Set(existsSync(dest) ? readdirSync(dest) : [])
    await run('pnpm', ['pack', '--pack-destination', dest], { cwd: join(root, pkg.dir) })
    const added = readdirSync(dest).filter((f) => f.endsWith('.tgz') && !before.has(f))
    if (added.length !== 1) fail(`pnpm pack of ${pkg.name} produced ${added.length} tarballs`)
    tarballs.push(join(dest, added[0]))
    ok(`packed ${pkg.name} -> ${added[0]}`)
  }
  return tarballs
}

async function install(project, tarballs) {
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'evtstore-packaging-check', version: '0.0.0', private: true }, null, 2) + '\n',
  )
  // --legacy-peer-deps: peers (a test runner, say) are the user's to bring; installing
  // them here would fetch from the registry. Only the two tarballs are installed.
  const args = [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--legacy-peer-deps',
    '--ignore-scripts',
  ]
  await run('npm', [...args, ...tarballs], { cwd: project, env: npmEnv() })
  const installed = readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.'))
  const scoped = installed.flatMap((n) =>
    n.startsWith('@') ? readdirSync(join(project, 'node_modules', n)).map((s) => `${n}/${s}`) : [n],
  )
  const unexpected = scoped.filter((n) => !packages.some((p) => p.name === n))
  if (unexpected.length > 0) fail(`npm installed packages beyond the tarballs: ${unexpected.join(', ')}`)
  ok(`npm installed the tarballs into ${project} and nothing else`)
}

function exportTargets(node) {
  if (typeof node === 'string') return [node]
  if (node === null || typeof node !== 'object') return []
  return Object.values(node).flatMap(exportTargets)
}

function checkManifests(project) {
  for (const pkg of packages) {
    const dir = join(project, 'node_modules', ...pkg.name.split('/'))
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const ranges = ['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) =>
      Object.entries(manifest[field] ?? {}).map(([dep, range]) => `${field}.${dep}@${range}`),
    )
    const workspaceRanges = ranges.filter((r) => r.includes('workspace:'))
    if (workspaceRanges.length > 0)
      fail(`${pkg.name} was packed with workspace ranges: ${workspaceRanges.join(', ')}`)
    const runtime = Object.keys(manifest.dependencies ?? {})
    if (runtime.length > 0)
      fail(`${pkg.name} has runtime dependencies (${runtime.join(', ')}); only peers are allowed`)
    if (manifest.exports === undefined) fail(`${pkg.name} has no exports map`)
    const targets = [...new Set(exportTargets(manifest.exports))]
    const missing = targets.filter((t) => !existsSync(join(dir, t)))
    if (missing.length > 0) fail(`${pkg.name} exports files missing from its tarball: ${missing.join(', ')}`)
    ok(
      `${pkg.name}@${manifest.version}: ${targets.length} export targets present, no runtime deps, no workspace ranges`,
    )
  }
}

async function runtimeChecks(project) {
  const formats = [
    { file: 'check-esm.mjs', build: 'esm', label: 'ES module' },
    { file: 'check-cjs.cjs', build: 'cjs', label: 'CommonJS' },
  ]
  for (const format of formats) {
    copyFileSync(join(fixtures, format.file), join(project, format.file))
    const output = await run(process.execPath, [format.file], { cwd: project, timeoutMs: 30_000 })
    const resolved = JSON.parse(output.trim().split('\n').pop())
    for (const [entry, where] of Object.entries(resolved)) {
      const path = where.startsWith('file:') ? fileURLToPath(where) : where
      if (!path.includes(`${sep}dist${sep}${format.build}${sep}`)) {
        fail(`${format.label} import of ${entry} resolved to ${path}, not the ${format.build} build`)
      }
    }
    ok(
      `${format.label} (${format.file}): createDomain + memory provider ran a command; runProviderConformance is a function; resolved to dist/${format.build}`,
    )
  }
}

async function typeChecks(project) {
  const variants = [
    { file: 'types-esm.mts', build: 'esm', label: 'ESM' },
    { file: 'types-cjs.cts', build: 'cjs', label: 'CommonJS' },
  ]
  for (const variant of variants) {
    copyFileSync(join(fixtures, 'types-usage.ts'), join(project, variant.file))
    // No ambient @types: the check sees only what the tarballs declare.
    const config = `tsconfig.${variant.build}.json`
    const compilerOptions = { strict: true, noEmit: true, target: 'es2022', types: [], skipLibCheck: false }
    writeFileSync(join(project, config), JSON.stringify({ compilerOptions, files: [variant.file] }, null, 2))
    const flags = ['-p', config, '--module', 'node16', '--moduleResolution', 'node16', '--listFiles']
    const output = await run(process.execPath, [tsc, ...flags], { cwd: project, timeoutMs: 120_000 }).catch(
      (err) => {
        // Keep tsc's diagnostics, drop the --listFiles lines around them.
        const diagnostics = err.message
          .split('\n')
          .filter((line) => !/^\/.*\.d?\.?[cm]?ts$/.test(line.trim()))
        fail(`TypeScript ${variant.label} check of ${variant.file} failed:\n${diagnostics.join('\n')}`)
      },
    )
    const files = output.split('\n').map((l) => relative(project, l.trim()).split(sep).join('/'))
    for (const pkg of packages) {
      const expected = `node_modules/${pkg.name}/dist/${variant.build}/index.d.ts`
      if (!files.includes(expected)) fail(`${variant.label} type check did not load ${expected}`)
    }
    ok(
      `TypeScript ${variant.label} (${variant.file}, --module node16): compiles against dist/${variant.build} declarations`,
    )
  }
}

async function main() {
  console.log('Packaging check: install the packed packages outside the repository and use them')
  checkBuilt()
  const work = mkdtempSync(join(tmpdir(), 'evtstore-packaging-'))
  const cleanup = () => rmSync(work, { recursive: true, force: true })
  const onSignal = (signal) => {
    for (const child of active) child.kill('SIGTERM')
    cleanup()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    const project = join(work, 'project')
    const tarballs = await pack(work)
    mkdirSync(project)
    await install(project, tarballs)
    checkManifests(project)
    await runtimeChecks(project)
    await typeChecks(project)
  } finally {
    cleanup()
    process.removeListener('SIGINT', onSignal)
    process.removeListener('SIGTERM', onSignal)
  }
  console.log('Packaging check passed.')
}

main().catch((err) => {
  console.error(`Packaging check FAILED: ${err instanceof CheckFailed ? err.message : (err?.stack ?? err)}`)
  process.exitCode = 1
})
