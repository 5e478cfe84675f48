import assert from 'node:assert/strict'

/** Awaits `action` and returns the error it throws; fails with `message` when it does not throw. */
export async function catchError(action: () => unknown, message: string): Promise<unknown> {
  try {
    await action()
  } catch (err) {
    return err
  }
  assert.fail(message)
}

/** A short description of an error for messages: name, code and message. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    return `${err.name}${code === undefined ? '' : ` (code ${String(code)})`}: ${err.message}`
  }
  return String(err)
}

/** Asserts `err` is an evtstore error with this `code` (e.g. 'VERSION_CONFLICT'). */
export function assertErrorCode(err: unknown, code: string, guarantee: string): void {
  const actual = err instanceof Error ? (err as { code?: unknown }).code : undefined
  assert.ok(actual === code, `${guarantee}: expected an error with code ${code}, got ${describeError(err)}`)
}

/** Awaits `action`, which must throw an evtstore error with `code`; returns it. */
export async function expectErrorCode(action: () => unknown, code: string, guarantee: string): Promise<unknown> {
  const err = await catchError(action, `${guarantee}: expected an error with code ${code}, but the call succeeded`)
  assertErrorCode(err, code, guarantee)
  return err
}
