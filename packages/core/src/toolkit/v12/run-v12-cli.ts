import { parseArgs } from 'node:util'
import { ValidationError } from '../../errors.js'
import type { V12MigrationOptions, V12MigrationResult } from './copy-v12-store.js'

/** The command line every provider's `migrate-from-v12` command shares. */
export interface V12CliArguments {
  /** `--from-url`: the v12 store's connection string. */
  fromUrl: string
  /** `--to-url`: the new store's connection string (default: the same as `--from-url`). */
  toUrl: string
  /** `--from-events`: v12's events table, collection or label. */
  fromEvents: string
  /** `--from-bookmarks`: v12's bookmarks table, collection or label. */
  fromBookmarks: string
  /**
   * `--to-events`: the new store's events name. Default: v12's name when the new store is
   * on another URL, else `evtstore_events`.
   */
  toEvents: string
  /** `--to-bookmarks`: the new store's bookmarks name (default as `toEvents`: `evtstore_bookmarks`). */
  toBookmarks: string
  /** `--batch-size`, `--limit`. */
  migration: Pick<V12MigrationOptions, 'batchSize' | 'limit'>
  /** The provider's own options (`--client` for knex, say), by name. */
  extra: Record<string, string | undefined>
}

/** What a provider's command does with the parsed arguments. */
export interface V12CliDefinition {
  /** The command's name in the usage text, e.g. `evtstore-pg migrate-from-v12`. */
  command: string
  /** Options of this provider only, with a line of help each. */
  extra?: Record<string, string>
  /** Connects, migrates and closes; `signal` is aborted on SIGINT or SIGTERM. */
  run(args: V12CliArguments, options: V12MigrationOptions): Promise<V12MigrationResult>
}

function integerFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^[1-9][0-9]*$/.test(value)) throw new ValidationError(flag, `must be a positive integer, got ${value}`)
  return Number(value)
}

/** Parses `argv` (without node and the script) for {@link runV12Cli}. */
export function parseV12CliArguments(argv: string[], extra: Record<string, string> = {}): V12CliArguments {
  const known = {
    'from-url': { type: 'string' },
    'to-url': { type: 'string' },
    'from-events': { type: 'string' },
    'from-bookmarks': { type: 'string' },
    'to-events': { type: 'string' },
    'to-bookmarks': { type: 'string' },
    'batch-size': { type: 'string' },
    limit: { type: 'string' },
    ...Object.fromEntries(Object.keys(extra).map((name) => [name, { type: 'string' }])),
  } as const
  const args = argv[0] === 'migrate-from-v12' ? argv.slice(1) : argv
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({ args, options: known, strict: true, allowPositionals: false }).values as typeof values
  } catch (cause) {
    throw new ValidationError('arguments', (cause as Error).message, { cause })
  }
  const text = (name: string) => values[name] as string | undefined
  const fromUrl = text('from-url')
  if (fromUrl === undefined) throw new ValidationError('--from-url', 'is required')
  const batchSize = integerFlag(text('batch-size'), '--batch-size')
  const limit = integerFlag(text('limit'), '--limit')
  const toUrl = text('to-url') ?? fromUrl
  const fromEvents = text('from-events') ?? 'events'
  const fromBookmarks = text('from-bookmarks') ?? 'bookmarks'
  const sameStore = toUrl === fromUrl
  return {
    fromUrl,
    toUrl,
    fromEvents,
    fromBookmarks,
    toEvents: text('to-events') ?? (sameStore ? 'evtstore_events' : fromEvents),
    toBookmarks: text('to-bookmarks') ?? (sameStore ? 'evtstore_bookmarks' : fromBookmarks),
    migration: { ...(batchSize === undefined ? {} : { batchSize }), ...(limit === undefined ? {} : { limit }) },
    extra: Object.fromEntries(Object.keys(extra).map((name) => [name, text(name)])),
  }
}

function usage(definition: V12CliDefinition): string {
  const lines = [
    `usage: ${definition.command} --from-url URL [--to-url URL] [options]`,
    '  --from-url URL          the evtstore@12 store (required)',
    '  --to-url URL            the new store (default: the same server as --from-url)',
    '  --from-events NAME      v12 events table/collection/label (default: events)',
    '  --from-bookmarks NAME   v12 bookmarks table/collection/label (default: bookmarks)',
    '  --to-events NAME        new events name (default: v12\'s name on another URL, else evtstore_events)',
    '  --to-bookmarks NAME     new bookmarks name (default: v12\'s name on another URL, else evtstore_bookmarks)',
    '  --batch-size N          v12 events read per page (default 500)',
    '  --limit N               stop after N events; run again to go on',
    ...Object.entries(definition.extra ?? {}).map(([name, help]) => `  --${name.padEnd(21)} ${help}`),
  ]
  return lines.join('\n')
}

/**
 * Runs a provider's `migrate-from-v12` command: parses the arguments, prints progress to
 * stderr and the result as JSON to stdout, stops cleanly on SIGINT/SIGTERM (the progress
 * is saved; run it again to go on). Resolves to the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runV12Cli(process.argv.slice(2), { command: 'evtstore-pg migrate-from-v12', run })
 * ```
 */
export async function runV12Cli(argv: string[], definition: V12CliDefinition): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage(definition)}\n`)
    return 0
  }
  const controller = new AbortController()
  const stop = () => controller.abort(new Error('stopped by a signal; run the command again to go on'))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    const args = parseV12CliArguments(argv, definition.extra)
    const result = await definition.run(args, {
      ...args.migration,
      signal: controller.signal,
      onProgress: (p) => process.stderr.write(`copied ${p.copied} of ${p.events} events so far (v12 position ${p.v12Position})\n`),
    })
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    return result.complete ? 0 : 3
  } catch (err) {
    process.stderr.write(`${definition.command}: ${(err as Error).message}\n`)
    if (err instanceof ValidationError) process.stderr.write(`${usage(definition)}\n`)
    return controller.signal.aborted ? 130 : 1
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}
