import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readmeExample } from './readme-example.js'

test.each(['better-sqlite3', 'sqlite3'] as const)('the README setup works on a SQLite file through %s, and the data is kept between runs', async (client) => {
  const dir = mkdtempSync(join(tmpdir(), 'evtstore-readme-'))
  try {
    const file = join(dir, 'events.db')
    expect(await readmeExample(file, client)).toBe(5)
    // A second run on the same file finds the aggregate already at version 2: a conflict.
    await expect(readmeExample(file, client)).rejects.toMatchObject({ code: 'VERSION_CONFLICT' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
