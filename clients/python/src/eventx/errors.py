"""The exceptions of the eventx client, decoded from gRPC's rich error model.

The server reports every failure as a ``google.rpc.Status``: for a unary call in the
``grpc-status-details-bin`` trailer, for one article of a stream as the ``error`` of its
``ExtractStreamResponse``. Both become the same :class:`EventxError` (or one of its subclasses,
chosen by status code and ``ErrorInfo.reason``) with the details decoded.
"""

from __future__ import annotations

import datetime
from typing import Dict, List, Optional, Type

import grpc
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

__all__ = [
    "EventxError",
    "InvalidArgumentError",
    "ResourceExhaustedError",
    "ArticleTooLargeError",
    "ServerBusyError",
    "DeadlineExceededError",
    "UnavailableError",
    "error_from_rpc_error",
    "error_from_status",
]

_CODES: Dict[int, grpc.StatusCode] = {code.value[0]: code for code in grpc.StatusCode}


class EventxError(Exception):
    """A call, or one article of a stream, failed.

    Attributes:
        code: the gRPC status code.
        message: the server's explanation, in English.
        field_violations: the decoded ``google.rpc.BadRequest`` entries, each with ``.field``
            (``"article.text"``, ``"options.min_confidence"``, …) and ``.description``; empty when
            the status carries no BadRequest.
        error_info: the decoded ``google.rpc.ErrorInfo`` (``.reason`` such as
            ``"ARTICLE_TOO_LARGE"`` or ``"SERVER_BUSY"``, ``.domain``, ``.metadata``), or None.
        retry_delay: how long the server asks to wait before retrying (``google.rpc.RetryInfo``),
            or None.
        status: the whole ``google.rpc.Status``, details included as ``Any`` messages.
    """

    code: grpc.StatusCode
    message: str
    field_violations: List[error_details_pb2.BadRequest.FieldViolation]
    error_info: Optional[error_details_pb2.ErrorInfo]
    retry_delay: Optional[datetime.timedelta]
    status: status_pb2.Status

    def __init__(self, status: status_pb2.Status) -> None:
        self.status = status
        self.code = _CODES.get(status.code, grpc.StatusCode.UNKNOWN)
        self.message = status.message
        self.field_violations = []
        self.error_info = None
        self.retry_delay = None
        for detail in status.details:
            bad_request = error_details_pb2.BadRequest()
            info = error_details_pb2.ErrorInfo()
            retry = error_details_pb2.RetryInfo()
            # Any.Unpack fills the message and says True only when the type matches.
            if detail.Unpack(bad_request):
                self.field_violations.extend(bad_request.field_violations)
            elif detail.Unpack(info):
                self.error_info = info
            elif detail.Unpack(retry):
                self.retry_delay = retry.retry_delay.ToTimedelta()
        super().__init__(f"{self.code.name}: {self.message}")

    @property
    def fields(self) -> List[str]:
        """The names of the fields at fault, from ``field_violations``."""
        return [violation.field for violation in self.field_violations]

    @property
    def reason(self) -> Optional[str]:
        """``error_info.reason``, or None without an ErrorInfo."""
        return self.error_info.reason if self.error_info is not None else None


class InvalidArgumentError(EventxError):
    """INVALID_ARGUMENT: the article or the options are wrong; see ``field_violations``."""


class ResourceExhaustedError(EventxError):
    """RESOURCE_EXHAUSTED: an article over a size limit, or a server at its capacity."""


class ArticleTooLargeError(ResourceExhaustedError):
    """RESOURCE_EXHAUSTED with reason ARTICLE_TOO_LARGE; ``error_info.metadata`` has the limit."""


class ServerBusyError(ResourceExhaustedError):
    """RESOURCE_EXHAUSTED with reason SERVER_BUSY: retry after ``retry_delay``."""


class DeadlineExceededError(EventxError):
    """DEADLINE_EXCEEDED: the call's deadline passed before the answer."""


class UnavailableError(EventxError):
    """UNAVAILABLE: no server could be reached, or it shut down during the call."""


_BY_CODE: Dict[grpc.StatusCode, Type[EventxError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgumentError,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhaustedError,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceededError,
    grpc.StatusCode.UNAVAILABLE: UnavailableError,
}

_BY_REASON: Dict[str, Type[EventxError]] = {
    "ARTICLE_TOO_LARGE": ArticleTooLargeError,
    "SERVER_BUSY": ServerBusyError,
}


def error_from_status(status: status_pb2.Status) -> EventxError:
    """The exception for a ``google.rpc.Status``, of the most specific class that fits."""
    cls = _BY_CODE.get(_CODES.get(status.code, grpc.StatusCode.UNKNOWN), EventxError)
    if cls is ResourceExhaustedError:
        for detail in status.details:
            info = error_details_pb2.ErrorInfo()
            if detail.Unpack(info):
                cls = _BY_REASON.get(info.reason, cls)
    return cls(status)


def error_from_rpc_error(error: grpc.RpcError) -> EventxError:
    """The exception for a failed gRPC call, with the details of its status trailer."""
    status: Optional[status_pb2.Status] = None
    if isinstance(error, grpc.Call):
        try:
            status = rpc_status.from_call(error)
        except ValueError:  # a trailer that contradicts the call's own code or message
            status = None
        if status is None:
            status = status_pb2.Status(
                code=error.code().value[0], message=error.details() or ""
            )
    else:  # not raised by a call (should not happen with grpcio)
        status = status_pb2.Status(code=grpc.StatusCode.UNKNOWN.value[0], message=str(error))
    return error_from_status(status)
