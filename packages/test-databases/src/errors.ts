import type { DatabaseKind } from './kinds.js'

/** Why a test database could not be had. */
export type TestDatabaseErrorCode =
  | 'TEST_DATABASE_UNKNOWN_KIND'
  | 'TEST_DATABASE_START_FAILED'
  | 'TEST_DATABASE_NOT_READY'
  | 'TEST_DATABASE_BAD_URL'
  | 'TEST_DATABASE_CREATE_FAILED'
  | 'TEST_DATABASE_URL_MISSING'
  | 'TEST_DATABASE_NOT_RESTARTABLE'

/**
 * A test database server could not be started, reached or prepared. Carries the kind,
 * a code and the underlying cause.
 * @example
 * try { await startDatabase('postgres') } catch (e) { if (isTestDatabaseError(e)) console.error(e.code, e.cause) }
 */
export class TestDatabaseError extends Error {
  override readonly name = 'TestDatabaseError'
  constructor(
    readonly code: TestDatabaseErrorCode,
    readonly kind: DatabaseKind | string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[${code}] ${kind}: ${message}`, options)
  }
}

/**
 * Whether a value is a TestDatabaseError.
 * @example if (isTestDatabaseError(err) && err.code === 'TEST_DATABASE_URL_MISSING') { ... }
 */
export function isTestDatabaseError(value: unknown): value is TestDatabaseError {
  return value instanceof TestDatabaseError
}
