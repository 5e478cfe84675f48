// The README stays true: its jest example is test/example.test.ts (which runs), and it
// lists every test name the suite registers.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { listConformanceTests } from '../src/index.js'

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')

describe('README', () => {
  it('shows test/example.test.ts as the complete jest example', () => {
    const example = readFileSync(join(__dirname, 'example.test.ts'), 'utf8').replace("'../src/index.js'", "'@evtstore/conformance'")
    assert.ok(readme.includes(example), 'README.md must contain test/example.test.ts (with the package import)')
  })

  it('lists every test name', () => {
    const missing = listConformanceTests().filter((t) => !readme.includes(`- ${t.name}\n`))
    assert.deepStrictEqual(missing, [])
  })
})
