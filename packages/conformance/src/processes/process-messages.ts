/** What a handler process tells the test that forked it, over the IPC channel. */
export type ProcessMessage =
  | { kind: 'ready'; pid: number }
  | { kind: 'begin'; pid: number; id: string; aggregateId: string; version: number; position: string; at: number }
  | { kind: 'end'; pid: number; id: string; at: number }
  | { kind: 'lease'; pid: number; change: 'acquired' | 'lost' | 'released'; lease: string; token: number; at: number }
  | { kind: 'stopped'; pid: number }

/** What the test tells a handler process. */
export type ParentMessage = { kind: 'stop' }

/** How a handler process is set up: passed as JSON in `EVTSTORE_PROCESS_CONFIG`. */
export interface ProcessConfig {
  /** The stream of the counter aggregate the test appends to. */
  stream: string
  /** The handler's name (shared by every process). */
  handler: string
  /** Lease timings. */
  exclusive: {
    /** How long a lease lasts without renewal, in milliseconds. */
    leaseMs: number
    /** How often the active process renews it, in milliseconds. */
    renewMs: number
    /** How often a standby process tries to take it, in milliseconds. */
    standbyPollMs: number
  }
  /** This process's partition, if the handler is split. */
  partition?: {
    /** This process's partition, from 0. */
    index: number
    /** How many partitions the handler is split into. */
    count: number
  }
  /** Milliseconds each event takes to handle. */
  handleMs: number
  /** Events per batch: the most a killed process can leave unsaved. */
  batchSize: number
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export const preciseNow = (): number => performance.timeOrigin + performance.now()
