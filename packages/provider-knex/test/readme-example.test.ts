import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readmeExample } from './readme-example.js'

test('the README setup works on a SQLite file, and the data is kept between runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'evtstore-readme-'))
  try {
    const file = join(dir, 'events.db')
    expect(await readmeExample(file)).toBe(5)
    // A second run on the same file finds the aggregate already at version 2: a conflict.
    await expect(readmeExample(file)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
