export { START_POSITION, comparePositions, isPosition, toPosition } from './position.js'
export type { Position } from './position.js'
export type { EventMeta, JsonValue, NewEvent, StoredEvent } from './envelope.js'
export type {
  AppendRequest,
  Provider,
  ProviderCapabilities,
  ReadAggregateRequest,
  ReadLogRequest,
} from './provider.js'
export {
  CommandError,
  DuplicateEventError,
  EvtStoreError,
  ProviderError,
  ValidationError,
  VersionConflictError,
  isCommandError,
  isDuplicateEventError,
  isEvtStoreError,
  isProviderError,
  isValidationError,
  isVersionConflictError,
} from './errors.js'
export type { ErrorCode } from './errors.js'
