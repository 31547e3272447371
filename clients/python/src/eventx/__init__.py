"""Python client of eventx: political events from news articles, over gRPC.

>>> import eventx
>>> with eventx.Client("127.0.0.1:50051") as client:
...     answer = client.extract("Norway expelled three Iranian diplomats on Monday.")

The answers are the generated protobuf messages of ``eventx.v1`` (``eventx.v1.service_pb2``,
``eventx.v1.event_pb2``, …), re-exported here under their short names.
"""

from eventx.client import ArticleLike, Category, Client, ExtractResult, tls_credentials
from eventx.errors import (
    ArticleTooLargeError,
    DeadlineExceededError,
    EventxError,
    InvalidArgumentError,
    ResourceExhaustedError,
    ServerBusyError,
    UnavailableError,
)
from eventx.v1.event_pb2 import Actor, Event, EventDate, Location, Mention, Span
from eventx.v1.ontology_pb2 import EventCategory, EventContext, EventMode, Sector
from eventx.v1.service_pb2 import (
    Article,
    ExtractOptions,
    ExtractResponse,
    GetOntologyResponse,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "ArticleLike",
    "ArticleTooLargeError",
    "Category",
    "Client",
    "DeadlineExceededError",
    "Event",
    "EventCategory",
    "EventContext",
    "EventDate",
    "EventMode",
    "EventxError",
    "ExtractOptions",
    "ExtractResponse",
    "ExtractResult",
    "GetOntologyResponse",
    "InvalidArgumentError",
    "Location",
    "Mention",
    "ResourceExhaustedError",
    "Sector",
    "ServerBusyError",
    "Span",
    "UnavailableError",
    "tls_credentials",
]
