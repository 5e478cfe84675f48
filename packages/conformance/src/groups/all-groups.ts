import type { ConformanceGroup } from '../define-group.js'
import { aggregateGroup } from './aggregate-tests.js'
import { appendGroup } from './append-tests.js'
import { bookmarkGroup } from './bookmark-tests.js'
import { concurrencyGroup } from './concurrency-tests.js'
import { handlerGroup } from './handler-tests.js'
import { leaseGroup } from './lease-tests.js'
import { logGroup } from './log-tests.js'
import { migrationGroup } from './migration-tests.js'
import { orderingGroup } from './ordering-tests.js'
import { payloadGroup } from './payload-tests.js'
import { snapshotGroup } from './snapshot-tests.js'
import { transactionGroup } from './transaction-tests.js'
import { validationGroup } from './validation-tests.js'

/** Every group of the suite, in the order runProviderConformance registers them. */
export const ALL_GROUPS: readonly ConformanceGroup[] = [
  appendGroup,
  aggregateGroup,
  concurrencyGroup,
  payloadGroup,
  validationGroup,
  logGroup,
  bookmarkGroup,
  handlerGroup,
  leaseGroup,
  orderingGroup,
  migrationGroup,
  snapshotGroup,
  transactionGroup,
]
