// Typed errors of the eventx client: one class for failed unary calls, failed streams and the
// per-article error entries of ExtractStream, with the google.rpc details already decoded.

import { Metadata, status as Code, type ServiceError } from "@grpc/grpc-js";
import type { Any } from "./gen/google/protobuf/any.js";
import { BadRequest, ErrorInfo as ErrorInfoMessage, RetryInfo } from "./gen/google/rpc/error_details.js";
import { Status } from "./gen/google/rpc/status.js";

export { Code };

/** The trailer in which gRPC servers send an encoded `google.rpc.Status` with details. */
export const STATUS_DETAILS_TRAILER = "grpc-status-details-bin";

/** One field of the request that the server rejected (from `google.rpc.BadRequest`). */
export interface FieldViolation {
  /** Path of the field in the request: `article.text`, `options.min_confidence`, … */
  readonly field: string;
  /** Why the value was rejected, in English. */
  readonly description: string;
}

/** Machine-readable cause of an error (from `google.rpc.ErrorInfo`). */
export interface ErrorInfo {
  /** `ARTICLE_TOO_LARGE`, `SERVER_BUSY`, … */
  readonly reason: string;
  /** Who defines the reason: `eventx.v1`. */
  readonly domain: string;
  /** Extra facts, e.g. `{ limit_bytes: "100" }`. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** A detail message this client does not know, kept undecoded. */
export interface UnknownDetail {
  readonly typeUrl: string;
  readonly value: Uint8Array;
}

/** Everything that failed: a call, a stream, or one article of a stream. */
export class EventxError extends Error {
  override readonly name = "EventxError";
  /** The gRPC status code (`Code.INVALID_ARGUMENT`, `Code.RESOURCE_EXHAUSTED`, …). */
  readonly code: Code;
  /** The name of `code` (`"INVALID_ARGUMENT"`). */
  readonly codeName: string;
  /** The server's message, without the code prefix that `message` carries. */
  readonly details: string;
  /** The fields at fault (`google.rpc.BadRequest`); empty when the server named none. */
  readonly fieldViolations: readonly FieldViolation[];
  /** Reason, domain and metadata (`google.rpc.ErrorInfo`), when sent. */
  readonly errorInfo: ErrorInfo | undefined;
  /** How long to wait before retrying (`google.rpc.RetryInfo`), in milliseconds, when sent. */
  readonly retryDelayMs: number | undefined;
  /** Detail messages of other types, undecoded. */
  readonly unknownDetails: readonly UnknownDetail[];
  /** Response trailers of a failed call; undefined for a stream's per-article errors. */
  readonly metadata: Metadata | undefined;

  constructor(
    code: Code,
    details: string,
    extra: {
      fieldViolations?: readonly FieldViolation[];
      errorInfo?: ErrorInfo;
      retryDelayMs?: number;
      unknownDetails?: readonly UnknownDetail[];
      metadata?: Metadata;
      cause?: unknown;
    } = {},
  ) {
    const codeName = Code[code] ?? `CODE_${code}`;
    super(`${codeName}: ${details}`, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.code = code;
    this.codeName = codeName;
    this.details = details;
    this.fieldViolations = extra.fieldViolations ?? [];
    this.errorInfo = extra.errorInfo;
    this.retryDelayMs = extra.retryDelayMs;
    this.unknownDetails = extra.unknownDetails ?? [];
    this.metadata = extra.metadata;
  }

  /** True when this error names the field `path` among its field violations. */
  violates(path: string): boolean {
    return this.fieldViolations.some((v) => v.field === path);
  }

  /**
   * The error of a failed grpc-js call, with the `google.rpc.Status` of the
   * `grpc-status-details-bin` trailer decoded when the server sent one.
   */
  static fromServiceError(error: ServiceError): EventxError {
    const metadata = error.metadata instanceof Metadata ? error.metadata : undefined;
    const raw = metadata?.get(STATUS_DETAILS_TRAILER)[0];
    if (raw instanceof Uint8Array) {
      try {
        const decoded = Status.decode(raw);
        return EventxError.build(error.code, error.details ?? decoded.message, decoded.details, metadata, error);
      } catch {
        // A trailer we cannot read is no reason to hide the call's own status.
      }
    }
    return EventxError.build(error.code, error.details ?? error.message, [], metadata, error);
  }

  /** The error of one `google.rpc.Status`, e.g. an `ExtractStreamResponse.error` entry. */
  static fromStatus(status: Status): EventxError {
    return EventxError.build(status.code, status.message, status.details, undefined, undefined);
  }

  /** Whatever a grpc-js call rejected with, as an EventxError. */
  static from(error: unknown): EventxError {
    if (error instanceof EventxError) return error;
    if (isServiceError(error)) return EventxError.fromServiceError(error);
    const message = error instanceof Error ? error.message : String(error);
    return new EventxError(Code.UNKNOWN, message, { cause: error });
  }

  private static build(
    code: number,
    message: string,
    anys: readonly Any[],
    metadata: Metadata | undefined,
    cause: unknown,
  ): EventxError {
    const fieldViolations: FieldViolation[] = [];
    const unknownDetails: UnknownDetail[] = [];
    let errorInfo: ErrorInfo | undefined;
    let retryDelayMs: number | undefined;
    for (const any of anys) {
      try {
        switch (typeName(any.typeUrl)) {
          case "google.rpc.BadRequest":
            for (const v of BadRequest.decode(any.value).fieldViolations) {
              fieldViolations.push({ field: v.field, description: v.description });
            }
            continue;
          case "google.rpc.ErrorInfo": {
            const info = ErrorInfoMessage.decode(any.value);
            errorInfo = { reason: info.reason, domain: info.domain, metadata: { ...info.metadata } };
            continue;
          }
          case "google.rpc.RetryInfo": {
            const delay = RetryInfo.decode(any.value).retryDelay;
            if (delay !== undefined) retryDelayMs = delay.seconds * 1000 + Math.round(delay.nanos / 1e6);
            continue;
          }
        }
      } catch {
        // Undecodable despite its type name: keep the bytes below.
      }
      unknownDetails.push({ typeUrl: any.typeUrl, value: any.value });
    }
    const extra: ConstructorParameters<typeof EventxError>[2] = { fieldViolations, unknownDetails };
    if (errorInfo !== undefined) extra.errorInfo = errorInfo;
    if (retryDelayMs !== undefined) extra.retryDelayMs = retryDelayMs;
    if (metadata !== undefined) extra.metadata = metadata;
    if (cause !== undefined) extra.cause = cause;
    return new EventxError(code as Code, message, extra);
  }
}

/** `type.googleapis.com/google.rpc.BadRequest` → `google.rpc.BadRequest`. */
function typeName(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf("/") + 1);
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === "number";
}
