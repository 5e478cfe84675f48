// A user's first install: a fresh project outside the repository takes @evtstore/core and
// ONE provider from the local registry (the @evtstore scope resolves there and nowhere
// else) and the provider's driver from the public npm registry, then runs a tiny ES module
// and a tiny CommonJS program (consumers/<name>/use.mjs and use.cjs: connect, migrate,
// create the provider) that run consumers/account-flow.mjs or .cjs (a command run twice and
// read back through a handler). Each prints one JSON line; it is checked here.
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { scopedNpmrc } from './local-registry.mjs'
import { cleanEnv, RehearsalFailed, runCommand } from './run-command.mjs'

const consumers = fileURLToPath(new URL('../consumers/', import.meta.url))

/**
 * Installs `packages` (`name@version`, the @evtstore ones from the local registry) into a
 * new project in `dir` with npm.
 */
export async function installProject(dir, registry, packages, { ignoreScripts = false } = {}) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'rehearsal-user', version: '1.0.0', private: true }, null, 2) + '\n')
  writeFileSync(join(dir, '.npmrc'), scopedNpmrc(registry))
  // The project's own .npmrc maps the scope; the user's ~/.npmrc still applies (e.g. nodedir).
  const env = cleanEnv()
  const flags = ['--no-audit', '--no-fund', '--prefer-offline', ...(ignoreScripts ? ['--ignore-scripts'] : [])]
  await runCommand('npm', ['install', ...flags, ...packages], { cwd: dir, env, timeoutMs: 300_000 })
  return env
}

/**
 * Runs one consumer: installs, runs use.mjs and use.cjs, checks what they printed.
 * `expect`: the @evtstore versions that must have been installed. Returns report lines.
 * `prebuilt`: a native driver (`{ name, from }`) whose install script would compile it:
 * installed without scripts, its `build/` copied from the workspace's build of the same
 * version (what a prebuilt download does; those downloads are not reachable here, and a
 * compile takes minutes).
 */
export async function checkConsumer({ name, dir, registry, packages, expect, env, prebuilt }) {
  const since = Date.now()
  const npmEnv = await installProject(dir, registry, packages, { ignoreScripts: prebuilt !== undefined })
  if (prebuilt !== undefined) cpSync(join(prebuilt.from, 'build'), join(dir, 'node_modules', prebuilt.name, 'build'), { recursive: true })
  const lines = []
  for (const [file, format] of [
    ['use.mjs', 'esm'],
    ['use.cjs', 'cjs'],
  ]) {
    copyFileSync(join(consumers, name, file), join(dir, file))
    copyFileSync(join(consumers, `account-flow.${format === 'esm' ? 'mjs' : 'cjs'}`), join(dir, `account-flow.${format === 'esm' ? 'mjs' : 'cjs'}`))
    const output = await runCommand(process.execPath, [file], { cwd: dir, env: { ...npmEnv, ...env }, timeoutMs: 120_000 })
    const last = output.trim().split('\n').pop()
    let result
    try {
      result = JSON.parse(last)
    } catch {
      throw new RehearsalFailed(`${name}/${file} did not print its JSON line:\n${output}`)
    }
    const problems = []
    const id = `acc-${format}`
    if (result.format !== format) problems.push(`format ${result.format}`)
    if (result.migrated !== true) problems.push('did not migrate')
    if (result.state?.balance !== 42 || result.state?.version !== 2 || result.state?.aggregateId !== id) {
      problems.push(`command result ${JSON.stringify(result.state)}, expected balance 42 at version 2 of ${id}`)
    }
    if (JSON.stringify(result.handled) !== JSON.stringify([`${id}+30`, `${id}+12`])) {
      problems.push(`handler saw ${JSON.stringify(result.handled)}, expected ["${id}+30","${id}+12"]`)
    }
    for (const [pkg, version] of Object.entries(expect)) {
      if (result.versions?.[pkg] !== version) problems.push(`${pkg} is ${result.versions?.[pkg]}, not the rehearsed ${version}`)
    }
    for (const [what, where] of Object.entries(result.resolved ?? {})) {
      const path = where.startsWith('file:') ? fileURLToPath(where) : where
      if (!path.includes(`/dist/${format}/`)) problems.push(`${what} resolved to ${path}, not dist/${format}`)
    }
    if (problems.length > 0) throw new RehearsalFailed(`${name}/${file}:\n  - ${problems.join('\n  - ')}\n${output}`)
    const versions = Object.entries(result.versions).map(([pkg, v]) => `${pkg}@${v}`).join(', ')
    lines.push(
      `  ok  ${name} ${format.toUpperCase()}: migrated, two deposits -> balance ${result.state.balance} at version ${result.state.version}, ` +
        `handler saw ${result.handled.join(' ')}; installed ${versions}`,
    )
  }
  lines.push(`      (${name}: install and both programs in ${((Date.now() - since) / 1000).toFixed(1)}s)`)
  return lines
}
