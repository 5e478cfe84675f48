import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { readJsonLines } from './jsonl-file.js'
import { parseOptions, type JsonlOptions } from './options.js'

/**
 * Creates the folder and both files when they are missing; safe to run at every start.
 * Fails when a file of that name holds something other than JSON lines.
 */
export async function migrate(options: JsonlOptions): Promise<void> {
  const { eventsFile, bookmarksFile } = parseOptions(options)
  for (const file of [eventsFile, bookmarksFile]) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, '', { flag: 'a' }) // creates it, or leaves it as it is
    readJsonLines(file) // throws on a line that is not JSON
  }
}
