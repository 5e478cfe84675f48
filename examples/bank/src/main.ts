import { fileURLToPath } from 'node:url'
import { relative, resolve } from 'node:path'
import { deleteStore, openStore } from './store.js'
import { runWalkthrough } from './walkthrough/run-walkthrough.js'

/** The example's folder (this file is `dist/main.js`). */
const exampleDir = fileURLToPath(new URL('..', import.meta.url))
/** Where the user typed the command: pnpm sets INIT_CWD, plain `node` does not. */
const userDir = process.env.INIT_CWD ?? process.cwd()

/**
 * Runs the bank walkthrough on the store chosen in `store.ts` and prints it. The SQLite
 * file is `.data/bank.sqlite` in the example's folder, or `$BANK_DB` (relative to where
 * the command was typed); `--reset` deletes it first.
 */
async function main(argv: string[]): Promise<void> {
  const unknown = argv.filter((a) => a !== '--reset')
  if (unknown.length > 0)
    throw new Error(`unknown argument(s) ${unknown.join(' ')}; the only option is --reset`)
  const file = process.env.BANK_DB
    ? resolve(userDir, process.env.BANK_DB)
    : resolve(exampleDir, '.data', 'bank.sqlite')
  const shown = relative(userDir, file) || file
  if (argv.includes('--reset')) {
    await deleteStore(file)
    console.log(`--reset: deleted ${shown}`)
  }

  const store = await openStore(file)
  console.log(`evtstore bank example, on a ${store.description}: ${shown}\n`)
  try {
    await runWalkthrough({ provider: store.provider, view: store.view, where: shown }, (line) =>
      console.log(line),
    )
  } finally {
    await store.close()
  }
  console.log(
    `\nDone. The events are kept in ${shown}: run again to continue, or with --reset to start over.`,
  )
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
