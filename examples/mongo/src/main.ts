import { DEFAULT_DB, runExample } from './run-example.js'

/**
 * Runs the example against `$MONGO_URL` (required), in database `$MONGO_DB` (default
 * `evtstore_example`), printing each step.
 *
 * @example
 * ```sh
 * MONGO_URL=mongodb://127.0.0.1:27017 pnpm --filter @evtstore/example-mongo start
 * ```
 */
async function main(): Promise<void> {
  const url = process.env.MONGO_URL
  if (url === undefined || url.trim() === '') {
    console.error(
      'MONGO_URL is not set. Point it at a MongoDB or FerretDB server, for example:\n' +
        '  MONGO_URL=mongodb://127.0.0.1:27017 pnpm --filter @evtstore/example-mongo start\n' +
        `(MONGO_DB picks the database; default ${DEFAULT_DB}.)`,
    )
    process.exitCode = 2
    return
  }
  const dbName = process.env.MONGO_DB || DEFAULT_DB
  console.log(`evtstore MongoDB example: database ${dbName}\n`)
  const { run } = await runExample(url, dbName, (line) => console.log(line))
  console.log(`\nDone. Run it again for run ${run + 1}: the handler carries on from its bookmark.`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
