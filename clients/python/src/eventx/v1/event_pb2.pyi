from eventx.v1 import details_pb2 as _details_pb2
from eventx.v1 import ontology_pb2 as _ontology_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Span(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: int
    end: int
    def __init__(self, start: _Optional[int] = ..., end: _Optional[int] = ...) -> None: ...

class Actor(_message.Message):
    __slots__ = ("country", "sector", "name", "text", "span")
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    SECTOR_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SPAN_FIELD_NUMBER: _ClassVar[int]
    country: str
    sector: _ontology_pb2.Sector
    name: str
    text: str
    span: Span
    def __init__(self, country: _Optional[str] = ..., sector: _Optional[_Union[_ontology_pb2.Sector, str]] = ..., name: _Optional[str] = ..., text: _Optional[str] = ..., span: _Optional[_Union[Span, _Mapping]] = ...) -> None: ...

class EventDate(_message.Message):
    __slots__ = ("date", "precision", "relative")
    DATE_FIELD_NUMBER: _ClassVar[int]
    PRECISION_FIELD_NUMBER: _ClassVar[int]
    RELATIVE_FIELD_NUMBER: _ClassVar[int]
    date: str
    precision: _ontology_pb2.DatePrecision
    relative: bool
    def __init__(self, date: _Optional[str] = ..., precision: _Optional[_Union[_ontology_pb2.DatePrecision, str]] = ..., relative: bool = ...) -> None: ...

class Coordinates(_message.Message):
    __slots__ = ("latitude", "longitude")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class Location(_message.Message):
    __slots__ = ("name", "country", "admin1", "coordinates", "span")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    ADMIN1_FIELD_NUMBER: _ClassVar[int]
    COORDINATES_FIELD_NUMBER: _ClassVar[int]
    SPAN_FIELD_NUMBER: _ClassVar[int]
    name: str
    country: str
    admin1: str
    coordinates: Coordinates
    span: Span
    def __init__(self, name: _Optional[str] = ..., country: _Optional[str] = ..., admin1: _Optional[str] = ..., coordinates: _Optional[_Union[Coordinates, _Mapping]] = ..., span: _Optional[_Union[Span, _Mapping]] = ...) -> None: ...

class Mention(_message.Message):
    __slots__ = ("sentence_index", "sentence_span", "sentence", "trigger", "source", "target")
    SENTENCE_INDEX_FIELD_NUMBER: _ClassVar[int]
    SENTENCE_SPAN_FIELD_NUMBER: _ClassVar[int]
    SENTENCE_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    sentence_index: int
    sentence_span: Span
    sentence: str
    trigger: Span
    source: Span
    target: Span
    def __init__(self, sentence_index: _Optional[int] = ..., sentence_span: _Optional[_Union[Span, _Mapping]] = ..., sentence: _Optional[str] = ..., trigger: _Optional[_Union[Span, _Mapping]] = ..., source: _Optional[_Union[Span, _Mapping]] = ..., target: _Optional[_Union[Span, _Mapping]] = ...) -> None: ...

class Event(_message.Message):
    __slots__ = ("id", "category", "mode", "negated", "future", "hypothetical", "historical", "contexts", "source", "target", "date", "location", "confidence", "cameo_code", "quad_class", "mentions", "fingerprint", "agree", "consult", "support", "concede", "cooperate", "aid", "retreat", "request", "accuse", "reject", "threaten", "protest", "sanction", "mobilize", "coerce", "assault")
    ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    NEGATED_FIELD_NUMBER: _ClassVar[int]
    FUTURE_FIELD_NUMBER: _ClassVar[int]
    HYPOTHETICAL_FIELD_NUMBER: _ClassVar[int]
    HISTORICAL_FIELD_NUMBER: _ClassVar[int]
    CONTEXTS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    CAMEO_CODE_FIELD_NUMBER: _ClassVar[int]
    QUAD_CLASS_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    AGREE_FIELD_NUMBER: _ClassVar[int]
    CONSULT_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_FIELD_NUMBER: _ClassVar[int]
    CONCEDE_FIELD_NUMBER: _ClassVar[int]
    COOPERATE_FIELD_NUMBER: _ClassVar[int]
    AID_FIELD_NUMBER: _ClassVar[int]
    RETREAT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    ACCUSE_FIELD_NUMBER: _ClassVar[int]
    REJECT_FIELD_NUMBER: _ClassVar[int]
    THREATEN_FIELD_NUMBER: _ClassVar[int]
    PROTEST_FIELD_NUMBER: _ClassVar[int]
    SANCTION_FIELD_NUMBER: _ClassVar[int]
    MOBILIZE_FIELD_NUMBER: _ClassVar[int]
    COERCE_FIELD_NUMBER: _ClassVar[int]
    ASSAULT_FIELD_NUMBER: _ClassVar[int]
    id: str
    category: _ontology_pb2.EventCategory
    mode: _ontology_pb2.EventMode
    negated: bool
    future: bool
    hypothetical: bool
    historical: bool
    contexts: _containers.RepeatedScalarFieldContainer[_ontology_pb2.EventContext]
    source: Actor
    target: Actor
    date: EventDate
    location: Location
    confidence: float
    cameo_code: str
    quad_class: _ontology_pb2.QuadClass
    mentions: _containers.RepeatedCompositeFieldContainer[Mention]
    fingerprint: str
    agree: _details_pb2.AgreeDetails
    consult: _details_pb2.ConsultDetails
    support: _details_pb2.SupportDetails
    concede: _details_pb2.ConcedeDetails
    cooperate: _details_pb2.CooperateDetails
    aid: _details_pb2.AidDetails
    retreat: _details_pb2.RetreatDetails
    request: _details_pb2.RequestDetails
    accuse: _details_pb2.AccuseDetails
    reject: _details_pb2.RejectDetails
    threaten: _details_pb2.ThreatenDetails
    protest: _details_pb2.ProtestDetails
    sanction: _details_pb2.SanctionDetails
    mobilize: _details_pb2.MobilizeDetails
    coerce: _details_pb2.CoerceDetails
    assault: _details_pb2.AssaultDetails
    def __init__(self, id: _Optional[str] = ..., category: _Optional[_Union[_ontology_pb2.EventCategory, str]] = ..., mode: _Optional[_Union[_ontology_pb2.EventMode, str]] = ..., negated: bool = ..., future: bool = ..., hypothetical: bool = ..., historical: bool = ..., contexts: _Optional[_Iterable[_Union[_ontology_pb2.EventContext, str]]] = ..., source: _Optional[_Union[Actor, _Mapping]] = ..., target: _Optional[_Union[Actor, _Mapping]] = ..., date: _Optional[_Union[EventDate, _Mapping]] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., confidence: _Optional[float] = ..., cameo_code: _Optional[str] = ..., quad_class: _Optional[_Union[_ontology_pb2.QuadClass, str]] = ..., mentions: _Optional[_Iterable[_Union[Mention, _Mapping]]] = ..., fingerprint: _Optional[str] = ..., agree: _Optional[_Union[_details_pb2.AgreeDetails, _Mapping]] = ..., consult: _Optional[_Union[_details_pb2.ConsultDetails, _Mapping]] = ..., support: _Optional[_Union[_details_pb2.SupportDetails, _Mapping]] = ..., concede: _Optional[_Union[_details_pb2.ConcedeDetails, _Mapping]] = ..., cooperate: _Optional[_Union[_details_pb2.CooperateDetails, _Mapping]] = ..., aid: _Optional[_Union[_details_pb2.AidDetails, _Mapping]] = ..., retreat: _Optional[_Union[_details_pb2.RetreatDetails, _Mapping]] = ..., request: _Optional[_Union[_details_pb2.RequestDetails, _Mapping]] = ..., accuse: _Optional[_Union[_details_pb2.AccuseDetails, _Mapping]] = ..., reject: _Optional[_Union[_details_pb2.RejectDetails, _Mapping]] = ..., threaten: _Optional[_Union[_details_pb2.ThreatenDetails, _Mapping]] = ..., protest: _Optional[_Union[_details_pb2.ProtestDetails, _Mapping]] = ..., sanction: _Optional[_Union[_details_pb2.SanctionDetails, _Mapping]] = ..., mobilize: _Optional[_Union[_details_pb2.MobilizeDetails, _Mapping]] = ..., coerce: _Optional[_Union[_details_pb2.CoerceDetails, _Mapping]] = ..., assault: _Optional[_Union[_details_pb2.AssaultDetails, _Mapping]] = ...) -> None: ...
