import type { Provider } from '@evtstore/core'
import type { ProcessConfig } from '@evtstore/conformance'
import { fork, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'

/** What a handler process of `runProcessChild` reports (the fields this test reads). */
interface Message {
  kind: 'ready' | 'begin' | 'end' | 'lease' | 'stopped'
  pid: number
  id?: string
  change?: string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A process that lost its lease while paused (SIGSTOP, as a long GC pause or a frozen VM
 * would) and wakes up (SIGCONT) after another process took over, handled every event and
 * saved the bookmark at the end: it finishes the event it was in and tries to save the
 * bookmark it reached, which the store must refuse. Were it saved, the bookmark would go
 * back and the active process would handle the events after it a second time. Resolves to
 * what happened: the bookmark at the end, the last event's position, the events any
 * process began after the wake-up, and whether the woken one was told it lost the lease.
 */
export async function pausedHolderScenario(options: {
  script: string
  env: Record<string, string>
  provider: Provider
}): Promise<{ bookmark: string; last: string; begunAfterWaking: number; lostReported: boolean }> {
  const stream = `paused-${randomUUID()}`
  const handler = `paused-${randomUUID()}`
  const aggregateId = randomUUID()
  const stored = await options.provider.append({
    stream,
    aggregateId,
    expectedVersion: 0,
    events: Array.from({ length: 10 }, (_, n) => ({ id: randomUUID(), event: { type: 'added', n } })),
  })
  const last = stored.at(-1)!.position
  const config: ProcessConfig = {
    stream,
    handler,
    exclusive: { leaseMs: 1_500, renewMs: 500, standbyPollMs: 100 },
    handleMs: 100,
    batchSize: 5,
  }
  const messages: Message[] = []
  const children: ChildProcess[] = []
  const start = () => {
    const child = fork(options.script, [], {
      env: { ...process.env, ...options.env, EVTSTORE_PROCESS_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child.on('message', (m: Message) => messages.push(m))
    children.push(child)
    return child
  }
  const waitFor = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await sleep(10)
    }
  }
  try {
    const paused = start()
    await waitFor(() => messages.some((m) => m.kind === 'begin' && m.pid === paused.pid), 'the first process to begin an event')
    paused.kill('SIGSTOP')
    const successor = start()
    const ends = () => new Set(messages.filter((m) => m.kind === 'end' && m.pid === successor.pid).map((m) => m.id)).size
    await waitFor(() => ends() === stored.length, 'the second process to take over and handle every event')
    await waitFor(async () => (await options.provider.getBookmark(handler)) === last, 'the second process to save the bookmark at the end')
    const woken = messages.length
    paused.kill('SIGCONT')
    // it finishes its event, finds its lease gone here, and tries to save the bookmark it reached;
    // then the successor, still running, would handle again whatever that write put back
    await waitFor(() => messages.slice(woken).some((m) => m.kind === 'end' && m.pid === paused.pid), 'the woken process to finish its event')
    await sleep(2_000)
    const after = messages.slice(woken)
    return {
      bookmark: await options.provider.getBookmark(handler),
      last,
      begunAfterWaking: after.filter((m) => m.kind === 'begin').length,
      lostReported: after.some((m) => m.kind === 'lease' && m.change === 'lost' && m.pid === paused.pid),
    }
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
  }
}
