// Runs a command to completion and returns its output; rejects with the output when it fails.
import { spawn } from 'node:child_process'

/** Raised for a failed step of the rehearsal; its message is what the log shows. */
export class RehearsalFailed extends Error {}

const running = new Set()

/** Stops every child process still running (on a failure or a signal). */
export function stopAllCommands() {
  for (const child of running) child.kill('SIGTERM')
}

/**
 * The environment for npm and pnpm in a project outside the repository: without the
 * npm_* and pnpm_* variables a `pnpm run` parent sets for itself, plus `extra`.
 */
export function cleanEnv(extra = {}) {
  const kept = Object.entries(process.env).filter(
    ([key]) => !/^npm_/i.test(key) && !/^pnpm_/i.test(key) && key !== 'INIT_CWD',
  )
  return { ...Object.fromEntries(kept), ...extra }
}

/**
 * Runs `command args` in `cwd`; resolves with stdout+stderr when it exits 0 (or, with
 * `allowFailure`, with `{ code, output }` whatever the exit code).
 */
export function runCommand(command, args, { cwd, env = cleanEnv(), timeoutMs = 300_000, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    running.add(child)
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      running.delete(child)
      reject(new RehearsalFailed(`could not start ${command}: ${err.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      running.delete(child)
      if (allowFailure) return resolve({ code: code ?? 1, output })
      if (code === 0) return resolve(output)
      reject(new RehearsalFailed(`${command} ${args.join(' ')} (in ${cwd}) failed (${signal ?? `exit ${code}`}):\n${output.trim()}`))
    })
  })
}
