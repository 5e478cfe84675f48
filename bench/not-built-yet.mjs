#!/usr/bin/env node
// Placeholder for the benchmark suite: it says so and exits cleanly, so `pnpm bench`
// works on a fresh clone until the benchmarks are written.
console.log('evtstore benchmarks are not built yet: this placeholder measures nothing.')
console.log('They will compare append and read throughput of each provider against a real database.')
