// A catch-up in a process of its own, so each contender's peak RSS is its own: opens the
// contender on the store it is given (seeding it first when the store lives in-process),
// reads the log from position zero and reports events, time and peak RSS to the parent.
import { loadSuite } from '../suites/index.mjs'
import { idRange, seed } from '../scenarios/seed.mjs'
import { now } from '../stats.mjs'

process.once('message', async ({ suite, role, store, batchSize, seedPlan }) => {
  try {
    const { contenders } = await loadSuite(suite)
    // the parent made and migrated the store already
    const contender = contenders[role]({ ...store, existing: true })
    await contender.open()
    if (seedPlan)
      await seed(contender, {
        ids: idRange('catch', seedPlan.aggregates),
        perAggregate: seedPlan.perAggregate,
        chunk: seedPlan.perAggregate,
      })
    const start = now()
    const outcome = await contender.catchUp(batchSize, (n) =>
      process.send({ type: 'progress', seen: n, ms: now() - start }),
    )
    const ms = now() - start
    const { seen, repeats } = typeof outcome === 'number' ? { seen: outcome, repeats: 0 } : outcome
    const maxRssKiB = process.resourceUsage().maxRSS
    await contender.close()
    process.send({ type: 'done', seen, repeats, ms, maxRssKiB }, () => process.exit(0))
  } catch (error) {
    process.send({ type: 'error', message: error?.stack ?? String(error) }, () => process.exit(1))
  }
})
