// The rows of the report: what each metric is called, which figure it compares and in
// which direction, and which baseline figure a ratio uses.

/**
 * kind 'rate': events/s, ratio ours ÷ baseline (above 1: ours faster).
 * kind 'ms': milliseconds, ratio ours ÷ baseline (below 1: ours faster).
 * rawFrom: the raw driver has no commands: command rows are compared with its append.
 * baselinesFrom: the baselines' figure comes from this metric (they have no push to turn off).
 */
export const METRICS = [
  { id: 'append1', label: 'append, 1 writer (provider)', kind: 'rate', latency: true },
  {
    id: 'command1',
    label: 'command, 1 writer (cached aggregate)',
    kind: 'rate',
    latency: true,
    rawFrom: 'append1',
  },
  { id: 'append16', label: 'append, 16 writers (provider)', kind: 'rate', latency: true },
  {
    id: 'command16',
    label: 'command, 16 writers (cached aggregates)',
    kind: 'rate',
    latency: true,
    rawFrom: 'append16',
  },
  { id: 'batch10', label: 'append, batches of 10 events', kind: 'rate' },
  { id: 'load10k', label: 'aggregate load, small store', kind: 'ms', store: 'loadStore' },
  { id: 'load1M', label: 'aggregate load, big store', kind: 'ms', store: 'millionStore' },
  { id: 'catchUp', label: 'handler catch-up from 0', kind: 'rate', rss: true, store: 'catchUpStore' },
  {
    id: 'catchUp1M',
    label: 'handler catch-up from 0, big store',
    kind: 'rate',
    rss: true,
    store: 'millionStore',
  },
  { id: 'latencyP50', label: 'append→handled latency p50', kind: 'ms', from: 'latency', field: 'p50' },
  { id: 'latencyP99', label: 'append→handled latency p99', kind: 'ms', from: 'latency', field: 'p99' },
  {
    id: 'latencyPollP50',
    label: 'append→handled latency p50, push off',
    kind: 'ms',
    from: 'latencyPoll',
    field: 'p50',
    baselinesFrom: 'latency',
  },
  {
    id: 'latencyPollP99',
    label: 'append→handled latency p99, push off',
    kind: 'ms',
    from: 'latencyPoll',
    field: 'p99',
    baselinesFrom: 'latency',
  },
]

/** The compared number of a figure for a metric (events/s or ms), or undefined. */
export function valueOf(metric, figure) {
  if (!figure || figure.missing || figure.error) return undefined
  if (metric.field) return figure[metric.field]
  return metric.kind === 'rate' ? figure.rate : figure.ms
}

/** A suite's figure of a metric for a role (the raw baseline of command rows comes from its append row). */
export function figureOf(result, metric, role) {
  if (role !== 'ours' && metric.baselinesFrom) return result.metrics[metric.baselinesFrom]?.[role]
  const id = role === 'raw' && metric.rawFrom ? metric.rawFrom : (metric.from ?? metric.id)
  return result.metrics[id]?.[role]
}

/** ours ÷ baseline of a metric in a suite, or undefined. */
export function ratioOf(result, metric, role) {
  const ours = valueOf(metric, figureOf(result, metric, 'ours'))
  const base = valueOf(metric, figureOf(result, metric, role))
  return ours !== undefined && base !== undefined && base > 0 ? ours / base : undefined
}
