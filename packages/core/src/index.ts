export { START_POSITION, comparePositions, isPosition, toPosition } from './position.js'
export type { Position } from './position.js'
export type { EventMeta, JsonValue, NewEvent, StoredEvent } from './envelope.js'
export type {
  AggregateSnapshot,
  AppendListener,
  AppendSubscription,
  HandlerTransaction,
  SnapshotRequest,
  AppendRequest,
  KeyByteLimits,
  LeaseHolder,
  LeaseRequest,
  Provider,
  ProviderCapabilities,
  ReadAggregateRequest,
  ReadLogRequest,
} from './provider.js'
export {
  AppendOutcomeUnknownError,
  CommandError,
  DuplicateEventError,
  EvtStoreError,
  LeaseError,
  MigrationConflictError,
  ProviderError,
  ValidationError,
  VersionConflictError,
  isAppendOutcomeUnknownError,
  isCommandError,
  isDuplicateEventError,
  isEvtStoreError,
  isLeaseError,
  isMigrationConflictError,
  isProviderError,
  isValidationError,
  isVersionConflictError,
} from './errors.js'
export type { ErrorCode } from './errors.js'
export { createAggregate } from './aggregate.js'
export type { Aggregate, AggregateState, AnyAggregate, EventOf, EventShape, StateOf, StreamOf } from './aggregate.js'
export { createDomain } from './create-domain.js'
export type { CreateHandler, DomainEvents, DomainResult, DomainStream } from './create-domain.js'
export { DEFAULT_CACHE_SIZE } from './domain/build-domain.js'
export type { AggregateMap, Domain, DomainOptions } from './domain/build-domain.js'
export { AGGREGATE_PAGE_SIZE } from './domain/aggregate-store.js'
export type { AppendOptions, DomainAggregate } from './domain/domain-aggregate.js'
export { guardProvider } from './guard/guard-provider.js'
export { copyJson, copyJsonObject } from './guard/copy-json.js'
export type { JsonObject } from './guard/copy-json.js'
export { MAX_APPEND_EVENTS, MAX_JSON_DEPTH, MAX_PAGE_SIZE, MAX_VERSION, isWellFormedText } from './guard/limits.js'
export { createCommands } from './commands/create-commands.js'
export type {
  CommandBody,
  CommandHandler,
  CommandHandlers,
  CommandOptions,
  CommandResult,
  Commands,
  CreateCommandsOptions,
} from './commands/create-commands.js'
export { deriveEventIds } from './commands/derive-event-ids.js'
export { HANDLER_DEFAULTS } from './handler/create-handler.js'
export { getFailedEvent } from './handler/failed-event.js'
export { partitionBookmark, partitionOf, MAX_PARTITIONS } from './handler/partition.js'
export type { PartitionOption } from './handler/partition.js'
export type { DeadLetterInfo, RetryPolicy } from './handler/retry-policy.js'
export { EXCLUSIVE_DEFAULTS } from './handler/production-options.js'
export type { BatchInfo, HandlerFailure, HandlerHooks, HandlerState, HandlerStatus, LeaseChange, PushState } from './handler/handler-status.js'
export type {
  ExclusiveOptions,
  HandleFunction,
  Handler,
  HandlerOptions,
  RetryInfo,
  RunResult,
  StreamEventMap,
} from './handler/handler-types.js'
export type { SnapshotFailure, SnapshotOptions } from './domain/snapshot-options.js'
