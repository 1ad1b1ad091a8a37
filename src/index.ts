export { createP100Client } from "./client.js";
export type { P100Client, P100ClientOptions } from "./client.js";
export type { KycVerificationPageInput } from "./kyc-page.js";
export type { PathOverrides } from "./path-overrides.js";
export { environments } from "./environments.js";
export type { Environment } from "./environments.js";
export {
  P100Error,
  P100ConfigurationError,
  P100ApiError,
  P100AuthenticationError,
  P100ValidationError,
  P100NotFoundError,
  P100RateLimitError,
  P100ServerError,
  P100InvalidResponseError,
  P100ResponseTooLargeError,
  P100ConnectionError,
  P100TimeoutError,
  P100AbortError,
  P100ArgumentError,
  errorFromResponse,
  isP100Error,
  isP100ApiError,
} from "./errors.js";
export type { ErrorCode, AuthenticationReason, RequestSummary } from "./errors.js";
export type { Logger, LogLevel } from "./logger.js";
export type {
  CallOptions,
  ErrorCodeOf,
  OperationInput,
  OperationMethod,
  OperationMethods,
  OperationResult,
  P100Method,
  P100OptionalInputMethod,
  WithResponse,
} from "./operations.js";
export type { FetchLike } from "./transport.js";
export { errorCodes } from "../generated/error-codes.js";
export type { KnownErrorCode } from "../generated/error-codes.js";
export { operationTable } from "../generated/operations.js";
export type { OperationId } from "../generated/operations.js";
export type * from "../generated/methods.js";
export { SDK_VERSION } from "./version.js";
export type * from "../generated/schema.js";
