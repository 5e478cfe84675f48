import { openStore } from './store.js'
import { runWalkthrough } from './walkthrough/run-walkthrough.js'

/** Runs the bank walkthrough on the provider chosen in `store.ts` and prints it. */
async function main(): Promise<void> {
  const store = await openStore()
  console.log(`evtstore bank example, on the ${store.description}\n`)
  try {
    await runWalkthrough(store.provider, (line) => console.log(line))
  } finally {
    await store.close()
  }
  console.log('\nDone.')
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
