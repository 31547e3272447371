from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class AgreeDetails(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ConsultDetails(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SupportDetails(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ConcedeDetails(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CooperateDetails(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class AidDetails(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RetreatDetails(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class RequestDetails(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AccuseDetails(_message.Message):
    __slots__ = ("summons",)
    SUMMONS_FIELD_NUMBER: _ClassVar[int]
    summons: bool
    def __init__(self, summons: bool = ...) -> None: ...

class RejectDetails(_message.Message):
    __slots__ = ("denial",)
    DENIAL_FIELD_NUMBER: _ClassVar[int]
    denial: bool
    def __init__(self, denial: bool = ...) -> None: ...

class ThreatenDetails(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ProtestDetails(_message.Message):
    __slots__ = ("participants", "participants_approximate")
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_APPROXIMATE_FIELD_NUMBER: _ClassVar[int]
    participants: int
    participants_approximate: bool
    def __init__(self, participants: _Optional[int] = ..., participants_approximate: bool = ...) -> None: ...

class SanctionDetails(_message.Message):
    __slots__ = ("count", "count_approximate", "departure_deadline_hours")
    COUNT_FIELD_NUMBER: _ClassVar[int]
    COUNT_APPROXIMATE_FIELD_NUMBER: _ClassVar[int]
    DEPARTURE_DEADLINE_HOURS_FIELD_NUMBER: _ClassVar[int]
    count: int
    count_approximate: bool
    departure_deadline_hours: int
    def __init__(self, count: _Optional[int] = ..., count_approximate: bool = ..., departure_deadline_hours: _Optional[int] = ...) -> None: ...

class MobilizeDetails(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...

class CoerceDetails(_message.Message):
    __slots__ = ("count", "count_approximate")
    COUNT_FIELD_NUMBER: _ClassVar[int]
    COUNT_APPROXIMATE_FIELD_NUMBER: _ClassVar[int]
    count: int
    count_approximate: bool
    def __init__(self, count: _Optional[int] = ..., count_approximate: bool = ...) -> None: ...

class AssaultDetails(_message.Message):
    __slots__ = ("killed", "injured", "counts_approximate")
    KILLED_FIELD_NUMBER: _ClassVar[int]
    INJURED_FIELD_NUMBER: _ClassVar[int]
    COUNTS_APPROXIMATE_FIELD_NUMBER: _ClassVar[int]
    killed: int
    injured: int
    counts_approximate: bool
    def __init__(self, killed: _Optional[int] = ..., injured: _Optional[int] = ..., counts_approximate: bool = ...) -> None: ...
