// The chart of the ratios: a vega-lite spec rendered to SVG by vega in Node (no canvas).
// Every ratio is drawn as a speed ratio — ours' speed ÷ the baseline's, so above 1 means
// ours is faster for throughput and for times alike — on a log scale.
import * as vega from 'vega'
import { compile } from 'vega-lite'
import { METRICS, ratioOf } from './metrics.mjs'

const BASELINE_NAMES = { raw: 'raw driver', v12: 'evtstore@12', emmett: 'Emmett 0.42' }

/** The chart's rows: one per suite, metric and baseline with a ratio. */
export function chartData(results) {
  const rows = []
  for (const result of results) {
    if (result.unavailable) continue
    for (const metric of METRICS) {
      for (const role of Object.keys(BASELINE_NAMES)) {
        const r = ratioOf(result, metric, role)
        if (r === undefined || r <= 0) continue
        rows.push({
          suite: result.title,
          metric: metric.label,
          baseline: BASELINE_NAMES[role],
          speed: metric.kind === 'rate' ? r : 1 / r,
        })
      }
    }
  }
  return rows
}

/** Resolves to the SVG text of the chart. */
export async function chartSvg(results, title) {
  const data = chartData(results)
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: title,
      subtitle:
        'speed of ours ÷ speed of the baseline, same run, same server (log scale; right of 1 = ours faster)',
    },
    data: { values: data },
    facet: {
      row: {
        field: 'suite',
        type: 'nominal',
        title: null,
        header: { labelAngle: 0, labelAlign: 'left', labelFontWeight: 'bold' },
      },
    },
    spec: {
      width: 520,
      layer: [
        {
          mark: { type: 'bar', height: { band: 0.8 } },
          encoding: {
            y: {
              field: 'metric',
              type: 'nominal',
              title: null,
              sort: METRICS.map((m) => m.label),
              axis: { labelLimit: 320 },
            },
            yOffset: { field: 'baseline', type: 'nominal' },
            x: {
              field: 'speed',
              type: 'quantitative',
              scale: { type: 'log', domain: [0.01, 100] },
              axis: { values: [0.01, 0.1, 0.5, 1, 2, 10, 100] },
              title: 'speed ratio (ours ÷ baseline)',
            },
            color: { field: 'baseline', type: 'nominal', title: 'baseline' },
            tooltip: [{ field: 'baseline' }, { field: 'speed', format: '.2f' }],
          },
        },
        { mark: { type: 'rule', color: 'black' }, encoding: { x: { datum: 1 } } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: { font: 'sans-serif' },
  }
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' })
  return view.toSVG()
}
