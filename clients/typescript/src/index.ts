// Public API of @eventx/client: the Client wrapper, its typed error, and the generated message
// types and enums that its answers are made of.

export {
  Client,
  type ArticleInput,
  type CategoryName,
  type ClientOptions,
  type ExtractCallOptions,
  type ExtractResult,
  type RequestOptions,
} from "./client.js";
export {
  Code,
  EventxError,
  STATUS_DETAILS_TRAILER,
  type ErrorInfo,
  type FieldViolation,
  type UnknownDetail,
} from "./errors.js";

export {
  Article,
  CategoryInfo,
  ContextInfo,
  DocumentInfo,
  ExtractionServiceClient,
  ExtractOptions,
  ExtractRequest,
  ExtractResponse,
  ExtractStreamRequest,
  ExtractStreamResponse,
  GetOntologyResponse,
  ModeInfo,
  SectorInfo,
  SpanUnit,
  spanUnitToJSON,
} from "./gen/eventx/v1/service.js";
export { Actor, Coordinates, Event, EventDate, Location, Mention, Span } from "./gen/eventx/v1/event.js";
export {
  DatePrecision,
  datePrecisionToJSON,
  EventCategory,
  eventCategoryToJSON,
  EventContext,
  eventContextToJSON,
  EventMode,
  eventModeToJSON,
  QuadClass,
  quadClassToJSON,
  Sector,
  sectorToJSON,
} from "./gen/eventx/v1/ontology.js";
export {
  AccuseDetails,
  AgreeDetails,
  AidDetails,
  AssaultDetails,
  CoerceDetails,
  ConcedeDetails,
  ConsultDetails,
  CooperateDetails,
  MobilizeDetails,
  ProtestDetails,
  RejectDetails,
  RequestDetails,
  RetreatDetails,
  SanctionDetails,
  SupportDetails,
  ThreatenDetails,
} from "./gen/eventx/v1/details.js";
export { Status } from "./gen/google/rpc/status.js";
