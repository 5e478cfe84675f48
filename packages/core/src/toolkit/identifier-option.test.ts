import { isValidationError } from '../errors.js'
import { identifierOption } from './identifier-option.js'

describe('identifierOption', () => {
  it('accepts strict identifiers and uses the fallback when absent', () => {
    expect(identifierOption('Events_2', 'options.events')).toBe('Events_2')
    expect(identifierOption(undefined, 'options.events', 'Events')).toBe('Events')
  })

  it('refuses anything else with a ValidationError naming the path', () => {
    for (const bad of ['Ev`ents', 'a b', '1a', '', 'x'.repeat(64), 'é', 'a.b', 42, null, undefined]) {
      let caught: unknown
      try {
        identifierOption(bad, 'options.events')
      } catch (err) {
        caught = err
      }
      expect(isValidationError(caught) && caught.path === 'options.events').toBe(true)
    }
  })
})
