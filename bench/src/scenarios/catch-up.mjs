// Handler catch-up from position zero, one child process per contender and round: events
// per second and the child's peak RSS. A child still running after `timeoutS` is stopped
// and its rate so far is reported, marked partial.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CHILD = fileURLToPath(new URL('../child/catch-up-child.mjs', import.meta.url))

/**
 * Resolves to { rate, rssMiB, seen, repeats (events delivered again), missed (never delivered), partial }.
 * Rejects when the child fails or reports more events than the store holds.
 */
export function catchUpRound({ suite, role, store, batchSize, seedPlan, expected, timeoutS }) {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    let last = { seen: 0, ms: 0 }
    let settled = false
    const finish = (fn, value) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      fn(value)
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      finish(resolve, {
        rate: last.ms > 0 ? last.seen / (last.ms / 1000) : 0,
        rssMiB: undefined,
        seen: last.seen,
        partial: true,
      })
    }, timeoutS * 1000)
    child.on('message', (message) => {
      if (message.type === 'progress') last = message
      else if (message.type === 'error') finish(reject, new Error(message.message))
      else if (message.type === 'done') {
        const { seen, repeats, ms, maxRssKiB } = message
        if (seen > expected)
          finish(reject, new Error(`caught up on ${seen} events, but the store holds ${expected}`))
        else
          finish(resolve, {
            rate: seen / (ms / 1000),
            rssMiB: maxRssKiB / 1024,
            seen,
            repeats,
            missed: expected - seen,
            partial: false,
          })
      }
    })
    child.on('exit', (code) =>
      finish(reject, new Error(`catch-up child exited with ${code} before reporting`)),
    )
    child.send({ suite, role, store, batchSize, seedPlan })
  })
}
