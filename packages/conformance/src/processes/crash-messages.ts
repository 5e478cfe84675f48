/** How a crash-test handler process is set up: passed as JSON in `EVTSTORE_CRASH_CONFIG`. */
export interface CrashConfig {
  /** The stream of the counter aggregate the test appended to. */
  stream: string
  /** The handler's name (its bookmark), shared by every process of the test. */
  handler: string
  /** `true`: the handler is `transactional` and writes through `tx`; `false`: it writes outside any transaction. */
  transactional: boolean
  /** Events per batch. */
  batchSize: number
  /** Milliseconds each event takes besides its write (so a kill lands inside a batch). */
  handleMs: number
}

/** What a crash-test handler process tells the test: it has started its handler, or stopped it. */
export interface CrashMessage {
  /** `'ready'`: the handler is started; `'stopped'`: it stopped after `{ kind: 'stop' }`. */
  kind: 'ready' | 'stopped'
  /** The process's id. */
  pid: number
}
