import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runProviderConformance } from '@evtstore/conformance'
import { createProvider, migrate } from '../src/index.js'

const directory = mkdtempSync(join(tmpdir(), 'jsonl-conformance-'))

for (const limit of [undefined, 1]) {
  runProviderConformance({
    name: limit === undefined ? 'jsonl' : 'jsonl, limit: 1',
    setup: () => migrate({ directory }),
    createProvider: () => createProvider({ directory, limit }),
    migrate: () => migrate({ directory }),
    createProviderWithTableName: (events) => createProvider({ directory, events, limit }),
    // no holdAppend: nothing is ever half-written while a read runs (see append.ts)
  })
}
