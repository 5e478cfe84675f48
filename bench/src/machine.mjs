import { cpus, loadavg, totalmem } from 'node:os'

/** What the machine looked like: cores, CPU model, load averages, memory, Node version. */
export function machine() {
  const list = cpus()
  return {
    cores: list.length,
    cpu: list[0]?.model?.trim() ?? 'unknown',
    load: loadavg()
      .map((x) => x.toFixed(2))
      .join(' / '),
    memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
  }
}
