import { appendFileSync, readFileSync, truncateSync } from 'node:fs'

/**
 * Reads a JSON-lines file: one JSON value per line. A last line without its newline is
 * what a crash left half-written: it is cut off, so the next write starts on a clean line.
 * A missing file throws (ENOENT): `migrate()` creates the files.
 */
export function readJsonLines(file: string): unknown[] {
  const text = readFileSync(file, 'utf8')
  const end = text.lastIndexOf('\n') + 1
  if (end < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, end)))
  return text
    .slice(0, end)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown)
}

/** Appends values as lines with one write, so they land together. */
export function appendJsonLines(file: string, values: readonly unknown[]): void {
  appendFileSync(file, values.map((value) => `${JSON.stringify(value)}\n`).join(''))
}
