import { ValidationError } from '@evtstore/core'
import { identifierOption, limitOption, refuseUnknownKeys } from '@evtstore/core/toolkit'
import { join } from 'node:path'

/** Options of `createProvider` and `migrate`. */
export interface JsonlOptions {
  /** The folder that holds the files. */
  directory: string
  /** The events file, `<directory>/<events>.jsonl`. Default `events`. */
  events?: string
  /** The bookmarks file, `<directory>/<bookmarks>.jsonl`. Default `bookmarks`. */
  bookmarks?: string
  /** Largest page one read returns. Default 1000. */
  limit?: number
}

/** The options, checked: the two file paths and the page size. */
export interface ParsedOptions {
  eventsFile: string
  bookmarksFile: string
  limit: number
}

/** Checks every option before any I/O; throws `ValidationError` naming the option. */
export function parseOptions(options: JsonlOptions): ParsedOptions {
  if (typeof options?.directory !== 'string' || options.directory === '') {
    throw new ValidationError('options.directory', 'must be the path of a folder')
  }
  // A key you do not know (a typo, an evtstore@12 option) is refused, naming it and its replacement.
  refuseUnknownKeys(options, 'options', ['directory', 'events', 'bookmarks', 'limit'])
  // Names end up in file names: letters, digits and underscores only.
  const events = identifierOption(options.events, 'options.events', 'events')
  const bookmarks = identifierOption(options.bookmarks, 'options.bookmarks', 'bookmarks')
  if (events === bookmarks) throw new ValidationError('options.bookmarks', 'must differ from options.events')
  return {
    eventsFile: join(options.directory, `${events}.jsonl`),
    bookmarksFile: join(options.directory, `${bookmarks}.jsonl`),
    limit: limitOption(options.limit, 'options.limit'),
  }
}
