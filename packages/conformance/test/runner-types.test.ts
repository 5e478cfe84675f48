// Compile-time check: jest's own functions fit `runner` as they are (and so the shapes of
// vitest's and mocha's, which accept the same callbacks).
import type { ConformanceRunner } from '../src/index.js'

const jestRunner: ConformanceRunner = { describe, it, beforeAll, afterAll }
const jestTestRunner: Partial<ConformanceRunner> = { it: test }

describe('runner types', () => {
  it("accepts jest's describe, it, test, beforeAll and afterAll", () => {
    expect(typeof jestRunner.it.skip).toBe('function')
    expect(jestTestRunner.it).toBe(test)
  })
})
