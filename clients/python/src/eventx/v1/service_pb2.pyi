from eventx.v1 import event_pb2 as _event_pb2
from eventx.v1 import ontology_pb2 as _ontology_pb2
from google.rpc import status_pb2 as _status_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SpanUnit(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SPAN_UNIT_UNSPECIFIED: _ClassVar[SpanUnit]
    SPAN_UNIT_CODE_POINT: _ClassVar[SpanUnit]
    SPAN_UNIT_UTF16_CODE_UNIT: _ClassVar[SpanUnit]
    SPAN_UNIT_UTF8_BYTE: _ClassVar[SpanUnit]
SPAN_UNIT_UNSPECIFIED: SpanUnit
SPAN_UNIT_CODE_POINT: SpanUnit
SPAN_UNIT_UTF16_CODE_UNIT: SpanUnit
SPAN_UNIT_UTF8_BYTE: SpanUnit

class Article(_message.Message):
    __slots__ = ("id", "title", "text", "publication_date", "language", "source", "url")
    ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    PUBLICATION_DATE_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    id: str
    title: str
    text: str
    publication_date: str
    language: str
    source: str
    url: str
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., text: _Optional[str] = ..., publication_date: _Optional[str] = ..., language: _Optional[str] = ..., source: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...

class ExtractOptions(_message.Message):
    __slots__ = ("categories", "min_confidence", "include_spans", "span_unit")
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    MIN_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_SPANS_FIELD_NUMBER: _ClassVar[int]
    SPAN_UNIT_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedScalarFieldContainer[_ontology_pb2.EventCategory]
    min_confidence: float
    include_spans: bool
    span_unit: SpanUnit
    def __init__(self, categories: _Optional[_Iterable[_Union[_ontology_pb2.EventCategory, str]]] = ..., min_confidence: _Optional[float] = ..., include_spans: bool = ..., span_unit: _Optional[_Union[SpanUnit, str]] = ...) -> None: ...

class ExtractRequest(_message.Message):
    __slots__ = ("article", "options")
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    article: Article
    options: ExtractOptions
    def __init__(self, article: _Optional[_Union[Article, _Mapping]] = ..., options: _Optional[_Union[ExtractOptions, _Mapping]] = ...) -> None: ...

class DocumentInfo(_message.Message):
    __slots__ = ("article_date", "dateline", "sentence_count")
    ARTICLE_DATE_FIELD_NUMBER: _ClassVar[int]
    DATELINE_FIELD_NUMBER: _ClassVar[int]
    SENTENCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    article_date: _event_pb2.EventDate
    dateline: _event_pb2.Location
    sentence_count: int
    def __init__(self, article_date: _Optional[_Union[_event_pb2.EventDate, _Mapping]] = ..., dateline: _Optional[_Union[_event_pb2.Location, _Mapping]] = ..., sentence_count: _Optional[int] = ...) -> None: ...

class ExtractResponse(_message.Message):
    __slots__ = ("article_id", "events", "document")
    ARTICLE_ID_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    article_id: str
    events: _containers.RepeatedCompositeFieldContainer[_event_pb2.Event]
    document: DocumentInfo
    def __init__(self, article_id: _Optional[str] = ..., events: _Optional[_Iterable[_Union[_event_pb2.Event, _Mapping]]] = ..., document: _Optional[_Union[DocumentInfo, _Mapping]] = ...) -> None: ...

class ExtractStreamRequest(_message.Message):
    __slots__ = ("request_id", "article", "options")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    article: Article
    options: ExtractOptions
    def __init__(self, request_id: _Optional[str] = ..., article: _Optional[_Union[Article, _Mapping]] = ..., options: _Optional[_Union[ExtractOptions, _Mapping]] = ...) -> None: ...

class ExtractStreamResponse(_message.Message):
    __slots__ = ("request_id", "response", "error")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    response: ExtractResponse
    error: _status_pb2.Status
    def __init__(self, request_id: _Optional[str] = ..., response: _Optional[_Union[ExtractResponse, _Mapping]] = ..., error: _Optional[_Union[_status_pb2.Status, _Mapping]] = ...) -> None: ...

class GetOntologyRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ModeInfo(_message.Message):
    __slots__ = ("mode", "name", "description")
    MODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    mode: _ontology_pb2.EventMode
    name: str
    description: str
    def __init__(self, mode: _Optional[_Union[_ontology_pb2.EventMode, str]] = ..., name: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class CategoryInfo(_message.Message):
    __slots__ = ("category", "name", "description", "quad_class", "recipient_required", "modes")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    QUAD_CLASS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    MODES_FIELD_NUMBER: _ClassVar[int]
    category: _ontology_pb2.EventCategory
    name: str
    description: str
    quad_class: _ontology_pb2.QuadClass
    recipient_required: bool
    modes: _containers.RepeatedCompositeFieldContainer[ModeInfo]
    def __init__(self, category: _Optional[_Union[_ontology_pb2.EventCategory, str]] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., quad_class: _Optional[_Union[_ontology_pb2.QuadClass, str]] = ..., recipient_required: bool = ..., modes: _Optional[_Iterable[_Union[ModeInfo, _Mapping]]] = ...) -> None: ...

class ContextInfo(_message.Message):
    __slots__ = ("context", "name", "description")
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    context: _ontology_pb2.EventContext
    name: str
    description: str
    def __init__(self, context: _Optional[_Union[_ontology_pb2.EventContext, str]] = ..., name: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class SectorInfo(_message.Message):
    __slots__ = ("sector", "code", "description")
    SECTOR_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    sector: _ontology_pb2.Sector
    code: str
    description: str
    def __init__(self, sector: _Optional[_Union[_ontology_pb2.Sector, str]] = ..., code: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class GetOntologyResponse(_message.Message):
    __slots__ = ("categories", "contexts", "sectors", "special_country_codes")
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    CONTEXTS_FIELD_NUMBER: _ClassVar[int]
    SECTORS_FIELD_NUMBER: _ClassVar[int]
    SPECIAL_COUNTRY_CODES_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedCompositeFieldContainer[CategoryInfo]
    contexts: _containers.RepeatedCompositeFieldContainer[ContextInfo]
    sectors: _containers.RepeatedCompositeFieldContainer[SectorInfo]
    special_country_codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, categories: _Optional[_Iterable[_Union[CategoryInfo, _Mapping]]] = ..., contexts: _Optional[_Iterable[_Union[ContextInfo, _Mapping]]] = ..., sectors: _Optional[_Iterable[_Union[SectorInfo, _Mapping]]] = ..., special_country_codes: _Optional[_Iterable[str]] = ...) -> None: ...
