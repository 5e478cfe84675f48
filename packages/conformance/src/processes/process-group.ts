import { fork, type ChildProcess } from 'node:child_process'
import type { ParentMessage, ProcessConfig, ProcessMessage } from './process-messages.js'

/** One forked handler process and what it reported. */
export interface HandlerProcess {
  child: ChildProcess
  pid: number
  /** Set when it exited (killed or not). */
  exited: boolean
  stderr: string
}

/**
 * Forks handler processes and collects every message they send, in arrival order.
 * `waitFor` polls a condition over the collected messages.
 */
export function processGroup(script: string, env: Record<string, string>) {
  const messages: ProcessMessage[] = []
  const processes: HandlerProcess[] = []

  const start = (config: ProcessConfig): HandlerProcess => {
    const child = fork(script, [], {
      env: { ...process.env, ...env, EVTSTORE_PROCESS_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    })
    const entry: HandlerProcess = { child, pid: child.pid ?? -1, exited: false, stderr: '' }
    child.stderr?.on('data', (chunk: Buffer) => (entry.stderr += chunk.toString()))
    child.on('message', (message: ProcessMessage) => messages.push(message))
    child.on('exit', () => (entry.exited = true))
    processes.push(entry)
    return entry
  }

  const failures = () =>
    processes
      .filter((p) => p.stderr.trim() !== '')
      .map((p) => `process ${p.pid}: ${p.stderr.trim()}`)
      .join('\n')

  const waitFor = async (check: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs
    while (!check()) {
      const failed = failures()
      if (failed !== '') throw new Error(`a handler process failed while waiting for ${what}:\n${failed}`)
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  const stop = async (entry: HandlerProcess, timeoutMs = 15_000) => {
    if (entry.exited) return
    const message: ParentMessage = { kind: 'stop' }
    entry.child.send(message)
    await waitFor(() => entry.exited, timeoutMs, `process ${entry.pid} to stop`)
  }

  return {
    messages,
    processes,
    start,
    waitFor,
    stop,
    /** Kills every process still running (after a failed test). */
    killAll() {
      for (const entry of processes) if (!entry.exited) entry.child.kill('SIGKILL')
    },
  }
}
