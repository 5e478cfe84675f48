import type { ConformanceGroup } from '../define-group.js'
import { assertStressComplete } from '../stress/assert-stress-complete.js'
import { runOrderingStress } from '../stress/run-ordering-stress.js'
import { racingProviders } from '../support/racing-providers.js'
import { lateCommitTest } from './late-commit-test.js'

/** Ordering under concurrency: a handler running alongside many writers sees every event once, in order. */
export const orderingGroup: ConformanceGroup = {
  name: 'ordering',
  tests: [
    lateCommitTest,
    {
      name: 'a handler running during concurrent appends sees every event exactly once, in order',
      slow: true,
      async run(context) {
        const { provider, options } = context
        const totals = await runOrderingStress({
          writerProviders: await racingProviders(context),
          reader: provider,
          writers: options.stress?.writers ?? 16,
          appendsPerWriter: options.stress?.appendsPerWriter ?? 8,
          sharedAggregates: options.stress?.sharedAggregates ?? 3,
          settleMs: 3000,
        })
        assertStressComplete(totals)
      },
    },
  ],
}
