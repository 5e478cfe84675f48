// A throwaway npm registry (verdaccio) on 127.0.0.1: storage in a temporary folder, no
// uplinks, so nothing published here reaches a public registry and nothing is fetched
// from one. Anyone may read; publishing needs the user the rehearsal creates.
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { RehearsalFailed } from './run-command.mjs'

const require = createRequire(import.meta.url)

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function configYaml(storage, htpasswd) {
  return [
    `storage: ${JSON.stringify(storage)}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(htpasswd)}`,
    '    max_users: 10',
    // No uplinks: every package must have been published here.
    'uplinks: {}',
    'packages:',
    "  '**':",
    '    access: $all',
    '    publish: $authenticated',
    '    unpublish: $authenticated',
    'web:',
    '  enable: false',
    'log: { type: stdout, format: pretty, level: warn }',
    'max_body_size: 50mb',
    '',
  ].join('\n')
}

/**
 * Starts verdaccio in `dir` and creates a publishing user. Resolves with its URL, an auth
 * token and `stop()`.
 */
export async function startLocalRegistry(dir) {
  const storage = join(dir, 'storage')
  mkdirSync(storage, { recursive: true })
  const config = join(dir, 'config.yaml')
  writeFileSync(config, configYaml(storage, join(dir, 'htpasswd')))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/`
  const bin = join(require.resolve('verdaccio/package.json'), '..', 'bin', 'verdaccio')
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout.on('data', (chunk) => (log += chunk))
  child.stderr.on('data', (chunk) => (log += chunk))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await exited
    }
  }
  try {
    const deadline = Date.now() + 60_000
    for (;;) {
      if (child.exitCode !== null) throw new RehearsalFailed(`verdaccio exited (${child.exitCode}):\n${log}`)
      const up = await fetch(`${url}-/ping`).then((r) => r.ok, () => false)
      if (up) break
      if (Date.now() > deadline) throw new RehearsalFailed(`verdaccio did not answer on ${url} within 60 s:\n${log}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const user = 'rehearsal'
    const response = await fetch(`${url}-/user/org.couchdb.user:${user}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: user, password: 'rehearsal-only-password', type: 'user', roles: [] }),
    })
    const body = await response.json().catch(() => ({}))
    if (!response.ok || typeof body.token !== 'string') {
      throw new RehearsalFailed(`verdaccio refused to create a user (${response.status}): ${JSON.stringify(body)}`)
    }
    const { version } = require('verdaccio/package.json')
    return { url, token: body.token, version, stop, log: () => log }
  } catch (err) {
    await stop()
    throw err
  }
}

/** The .npmrc lines for a project that takes the @evtstore scope from the local registry. */
export function scopedNpmrc(registry) {
  const host = registry.url.replace(/^http:/, '')
  return `@evtstore:registry=${registry.url}\n${host}:_authToken=${registry.token}\n`
}
