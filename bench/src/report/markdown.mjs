// The markdown report: a header with the machine and sizes, one table per provider suite
// with absolute figures and the three ratios, what could not be measured, the targets.
import { count, number, ratio } from './format.mjs'
import { METRICS, figureOf, ratioOf, valueOf } from './metrics.mjs'
import { checkTargets } from './targets.mjs'

const ROLE_NAMES = { ours: 'ours', raw: 'raw driver', v12: 'evtstore@12', emmett: 'Emmett 0.42' }
const BASELINES = ['raw', 'v12', 'emmett']

function label(metric, result, settings) {
  const size = metric.store ? result[metric.store] : undefined
  if (metric.id.startsWith('load'))
    return `aggregate load, ${count(settings.loadEvents)} events, in a ${count(size)}-event store`
  if (metric.id.startsWith('catchUp')) return `handler catch-up from 0 over ${count(size)} events`
  // ours pushes in the latency rows where a push-off row follows (its provider has push)
  if (metric.from === 'latency' && result.metrics.latencyPoll) return `${metric.label}, push on (ours)`
  return metric.label
}

function cell(metric, figure) {
  if (!figure) return '–'
  if (figure.missing) return 'n/a'
  if (figure.error) return 'failed'
  const value = valueOf(metric, figure)
  if (value === undefined) return '–'
  const extras = []
  if (metric.latency && metric.id.endsWith('1'))
    extras.push(`p50 ${number(figure.p50)} / p99 ${number(figure.p99)} ms`)
  else if (metric.latency) extras.push(`p99 ${number(figure.p99)} ms`)
  if (metric.rss && figure.rssMiB !== undefined) extras.push(`RSS ${number(figure.rssMiB)} MiB`)
  if (figure.partial) extras.push('partial: stopped at the time limit')
  if (figure.repeats) extras.push(`${number(figure.repeats / figure.rounds)} events redelivered per round`)
  if (figure.missed)
    extras.push(`**${number(figure.missed / figure.rounds)} events never delivered per round**`)
  return extras.length ? `${number(value)} (${extras.join(', ')})` : number(value)
}

/** One suite's section. */
export function suiteSection(result, settings) {
  const lines = [`### ${result.title}`, '']
  if (result.unavailable) return [...lines, `**Not measured:** ${result.unavailable}`, ''].join('\n')
  lines.push(`Server: ${result.server}`, '')
  for (const role of ['ours', ...BASELINES]) {
    const r = result.roles[role]
    lines.push(
      `- ${ROLE_NAMES[role]}: ${r.missing ? `not compared — ${r.missing}` : (r.label ?? role)}${r.error ? ` (could not open: ${r.error})` : ''}`,
    )
  }
  lines.push(
    '',
    '| scenario | unit | ours | raw | evtstore@12 | Emmett | ours/raw | ours/@12 | ours/Emmett |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
  )
  const notes = new Set()
  for (const metric of METRICS) {
    if (!result.metrics[metric.from ?? metric.id]) continue
    const unit = metric.kind === 'rate' ? 'events/s ↑' : 'ms ↓'
    const cells = ['ours', ...BASELINES].map((role) => cell(metric, figureOf(result, metric, role)))
    const ratios = BASELINES.map((role) => ratio(ratioOf(result, metric, role)))
    lines.push(
      `| ${label(metric, result, settings)} | ${unit} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`,
    )
    for (const role of ['ours', ...BASELINES]) {
      const figure = figureOf(result, metric, role)
      const source = role !== 'ours' && metric.baselinesFrom ? metric.baselinesFrom : (metric.from ?? metric.id)
      if (figure?.missing && !result.roles[role].missing)
        notes.add(`${ROLE_NAMES[role]}, ${source}: ${figure.missing}`)
      if (figure?.error) notes.add(`${ROLE_NAMES[role]}, ${source}: failed — ${figure.error}`)
    }
  }
  if (notes.size > 0) lines.push('', ...[...notes].map((n) => `- ${n}`))
  return [...lines, ''].join('\n')
}

/** The targets section. */
export function targetsSection(results) {
  const rows = checkTargets(results)
  if (rows.length === 0) return ''
  const lines = [
    '## Performance targets (issue 15)',
    '',
    '| target | suite | figure | ratio | met |',
    '|---|---|---|--:|---|',
  ]
  for (const row of rows)
    lines.push(
      `| ${row.target} | ${row.suite} | ${row.metric} | ${ratio(row.figure)} | ${row.met ? 'yes' : '**no**'} |`,
    )
  return [...lines, ''].join('\n')
}

/** The whole report. */
export function report({ results, settings, machineStart, machineEnd, started, seconds, argv, note }) {
  const head = [
    `# evtstore benchmark, ${started.toISOString().slice(0, 10)}`,
    '',
    `Command: \`pnpm bench${argv.length ? ` ${argv.join(' ')}` : ''}\`${settings.quick ? ' (quick: tiny sizes, not a measurement)' : ''}`,
    '',
    `Machine: ${machineStart.cores} cores (${machineStart.cpu}), ${machineStart.memoryGiB} GiB, Node ${machineStart.node}; ` +
      `load average (1/5/15 min) ${machineStart.load} at the start, ${machineEnd.load} at the end; ${Math.round(seconds)} s in all.`,
    ...(note ? ['', `Also running: ${note}`] : []),
    '',
    `Sizes: ${settings.rounds} interleaved round(s); 1 writer: ${settings.appends} appends or commands per round; 16 writers: ` +
      `${settings.writerAppends} each per round; batches: ${settings.batches} appends of 10; aggregate load: median of ${settings.loads} loads per round; ` +
      `latency: ${settings.latencySamples} samples per round. ` +
      `Before the write scenarios each contender appends and runs commands unmeasured for ${(settings.warmUpMs ?? 0) / 1000} s (16 writers; at least 64 of each), and loads the aggregate for one unmeasured round before the load rounds. ` +
      `Figures are medians over rounds; p50/p99 over all samples of all rounds. ` +
      (settings.parallel > 1 ? `${settings.parallel} suites ran at once, so their figures disturb each other. ` : '') +
      `Ratios are ours ÷ baseline of the figure shown: above 1 is better for events/s (↑), below 1 is better for ms (↓). ` +
      `Command rows are compared with the raw driver's single-event append (a raw driver has no commands).`,
    '',
  ]
  return [...head, ...results.map((r) => suiteSection(r, settings)), targetsSection(results)].join('\n')
}
