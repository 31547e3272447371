"""A small client over the generated eventx.v1 stubs.

Requests and answers are the generated protobuf messages (``eventx.v1.service_pb2``); this module
only builds requests from Python values, keeps the answers of a stream in input order and turns
failed statuses into :class:`eventx.EventxError`.
"""

from __future__ import annotations

import datetime
import os
import threading
from types import TracebackType
from typing import (
    Any,
    Dict,
    Generator,
    Iterable,
    Iterator,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Type,
    Union,
    cast,
)

import grpc
from google.rpc import status_pb2

from eventx.errors import EventxError, error_from_rpc_error, error_from_status
from eventx.v1 import ontology_pb2, service_pb2, service_pb2_grpc

__all__ = ["Client", "ArticleLike", "Category", "ExtractResult", "tls_credentials"]

#: What ``extract_many`` accepts for one article: its text, a mapping of ``Article`` fields
#: (``{"id": "a1", "text": "…", "publication_date": "2024-03-04"}``) or an ``Article`` message.
ArticleLike = Union[str, Mapping[str, Any], service_pb2.Article]

#: A category filter entry: an ``EventCategory`` value, or its name with or without the prefix
#: (``"SANCTION"``, ``"EVENT_CATEGORY_SANCTION"``), in any case.
Category = Union[int, str]

#: One result of ``extract_many``: the answer, or the error of that article.
ExtractResult = Union[service_pb2.ExtractResponse, EventxError]

_ARTICLE_FIELDS = frozenset(service_pb2.Article.DESCRIPTOR.fields_by_name)


class Client:
    """A connection to an eventx server.

    ``target`` is anything grpcio accepts: ``"127.0.0.1:50051"``, ``"eventx.internal:50051"``, or
    ``"dns:///eventx.internal:50051"``. The channel uses the ``round_robin`` load-balancing policy
    (channel option ``grpc.lb_policy_name``), so when a name resolves to several addresses (a
    headless Kubernetes service, several A records) the calls are spread over all of them instead
    of all going to the first one. Balancing is per call: each ``extract`` call goes to the next
    server, while an ``extract_many`` stream stays on the server it started on.

    ``timeout`` is the default deadline in seconds of every call (None: no client deadline; the
    server then applies its own, 30 s by default, per article). ``credentials`` makes a TLS
    channel (see :func:`tls_credentials` for a private CA and mutual TLS). ``token`` is sent as
    ``authorization: Bearer <token>`` with every call, for servers started with
    ``--auth-tokens``. ``options`` are extra grpcio channel options and win over the defaults
    above.

    Use it as a context manager, or call :meth:`close`, to close the channel.
    """

    def __init__(
        self,
        target: str,
        *,
        timeout: Optional[float] = None,
        credentials: Optional[grpc.ChannelCredentials] = None,
        token: Optional[str] = None,
        options: Sequence[Tuple[str, Any]] = (),
    ) -> None:
        merged: Dict[str, Any] = {"grpc.lb_policy_name": "round_robin"}
        merged.update(dict(options))
        channel_options = list(merged.items())
        if credentials is None:
            self._channel = grpc.insecure_channel(target, options=channel_options)
        else:
            self._channel = grpc.secure_channel(target, credentials, options=channel_options)
        self.target = target
        self.timeout = timeout
        self._metadata: Tuple[Tuple[str, str], ...] = (
            () if token is None else (("authorization", f"Bearer {token}"),)
        )
        # The generated stub has no annotations; its callables get their types here.
        stub = service_pb2_grpc.ExtractionServiceStub(self._channel)  # type: ignore[no-untyped-call]
        self._extract: grpc.UnaryUnaryMultiCallable[
            service_pb2.ExtractRequest, service_pb2.ExtractResponse
        ] = stub.Extract
        self._extract_stream: grpc.StreamStreamMultiCallable[
            service_pb2.ExtractStreamRequest, service_pb2.ExtractStreamResponse
        ] = stub.ExtractStream
        self._get_ontology: grpc.UnaryUnaryMultiCallable[
            service_pb2.GetOntologyRequest, service_pb2.GetOntologyResponse
        ] = stub.GetOntology

    @property
    def channel(self) -> grpc.Channel:
        """The underlying grpcio channel (for health checks, reflection, your own stubs)."""
        return self._channel

    def close(self) -> None:
        """Closes the channel; calls made afterwards raise ValueError (from grpcio)."""
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def extract(
        self,
        text: str,
        *,
        published: Union[datetime.date, str, None] = None,
        title: Optional[str] = None,
        id: str = "",
        categories: Optional[Iterable[Category]] = None,
        min_confidence: Optional[float] = None,
        include_spans: Optional[bool] = None,
        timeout: Optional[float] = None,
    ) -> service_pb2.ExtractResponse:
        """The events of one article.

        ``published`` is the publication date (a ``date`` or ``"YYYY-MM-DD"``) that relative dates
        ("on Monday") are resolved against. ``categories`` keeps only events of these categories,
        ``min_confidence`` drops events below it (in [0, 1]), ``include_spans=False`` leaves out
        mentions and spans. Spans count code points, so ``text[span.start:span.end]`` is the
        mention. ``timeout`` (seconds) overrides the client's default deadline.

        Raises :class:`eventx.EventxError` (or a subclass) when the server refuses the article.
        """
        article = service_pb2.Article(
            id=id, text=text, title=title or "", publication_date=_date(published)
        )
        request = service_pb2.ExtractRequest(
            article=article, options=_options(categories, min_confidence, include_spans)
        )
        try:
            return self._extract(
                request, timeout=self._timeout(timeout), metadata=self._metadata
            )
        except grpc.RpcError as error:
            raise error_from_rpc_error(error) from error

    def extract_many(
        self,
        articles: Iterable[ArticleLike],
        *,
        categories: Optional[Iterable[Category]] = None,
        min_confidence: Optional[float] = None,
        include_spans: Optional[bool] = None,
        timeout: Optional[float] = None,
    ) -> Generator[ExtractResult, None, None]:
        """Extracts many articles over one ``ExtractStream`` call, yielding one result per article
        in the order of ``articles``.

        Each result is the article's ``ExtractResponse``, or the :class:`eventx.EventxError` of
        that article (a blank text, an article over the size limit, a busy server, …): errors of
        single articles are yielded, not raised, so one bad article does not end the iteration;
        test with ``isinstance(result, eventx.EventxError)``.

        Raised instead: an :class:`eventx.EventxError` when the stream itself fails (its
        ``timeout`` for the whole call passed, the server went away), and, once every article
        before it has been yielded, the exception of an input that could not be turned into an
        ``Article`` (or that the ``articles`` iterable raised).

        Articles are read lazily as the server takes them, so ``articles`` may be a generator of
        any length. Answers that arrive before an earlier article's are held back until it is
        answered. Leaving the loop early (``break``, or ``close()`` on the generator) cancels the
        call.
        """
        options = _options(categories, min_confidence, include_spans)
        stream = _OrderedStream(articles, options)
        call = self._extract_stream(
            stream.requests(), timeout=self._timeout(timeout), metadata=self._metadata
        )
        try:
            yield from stream.results(call)
        finally:
            call.cancel()

    def ontology(self, *, timeout: Optional[float] = None) -> service_pb2.GetOntologyResponse:
        """The server's vocabulary: categories with their modes, contexts and sectors."""
        try:
            return self._get_ontology(
                service_pb2.GetOntologyRequest(),
                timeout=self._timeout(timeout),
                metadata=self._metadata,
            )
        except grpc.RpcError as error:
            raise error_from_rpc_error(error) from error

    def _timeout(self, timeout: Optional[float]) -> Optional[float]:
        return self.timeout if timeout is None else timeout


def tls_credentials(
    ca_file: Union[str, os.PathLike[str], None] = None,
    *,
    cert_file: Union[str, os.PathLike[str], None] = None,
    key_file: Union[str, os.PathLike[str], None] = None,
) -> grpc.ChannelCredentials:
    """TLS credentials for :class:`Client` from PEM files.

    ``ca_file`` holds the CA certificates that sign the server's certificate (None: the system's
    public roots). ``cert_file`` and ``key_file``, given together, are the client certificate
    chain and its private key, presented to servers started with ``--tls-client-ca`` (mutual
    TLS).
    """
    if (cert_file is None) != (key_file is None):
        raise ValueError("cert_file and key_file go together")

    def read(path: Union[str, os.PathLike[str], None]) -> Optional[bytes]:
        if path is None:
            return None
        with open(path, "rb") as file:
            return file.read()

    return grpc.ssl_channel_credentials(
        root_certificates=read(ca_file),
        private_key=read(key_file),
        certificate_chain=read(cert_file),
    )


class _OrderedStream:
    """The requests of one ExtractStream call, and its answers put back in input order.

    Request ids are the articles' positions ("0", "1", …), so that answers can be matched even
    when article ids repeat or are empty.
    """

    def __init__(
        self, articles: Iterable[ArticleLike], options: service_pb2.ExtractOptions
    ) -> None:
        self._articles = articles
        self._options = options
        self._lock = threading.Lock()
        self._sent = 0
        self._input_error: Optional[BaseException] = None

    def requests(self) -> Iterator[service_pb2.ExtractStreamRequest]:
        # grpcio consumes this on a thread of its own. An exception escaping from here would
        # cancel the call, so a bad input ends the requests instead and is raised by results().
        try:
            for index, item in enumerate(self._articles):
                request = service_pb2.ExtractStreamRequest(
                    request_id=str(index), article=_article(item), options=self._options
                )
                with self._lock:
                    self._sent = index + 1
                yield request
        except Exception as error:  # noqa: BLE001 - handed over to the consumer
            with self._lock:
                self._input_error = error

    def results(
        self, call: Iterator[service_pb2.ExtractStreamResponse]
    ) -> Iterator[ExtractResult]:
        pending: Dict[str, ExtractResult] = {}
        next_index = 0
        try:
            for answer in call:
                if answer.HasField("error"):
                    pending[answer.request_id] = error_from_status(answer.error)
                else:
                    pending[answer.request_id] = answer.response
                while str(next_index) in pending:
                    yield pending.pop(str(next_index))
                    next_index += 1
        except grpc.RpcError as error:
            raise error_from_rpc_error(error) from error
        with self._lock:
            sent, input_error = self._sent, self._input_error
        if next_index < sent:
            raise EventxError(
                status_pb2.Status(
                    code=grpc.StatusCode.UNKNOWN.value[0],
                    message=f"the stream ended with {sent - next_index} of {sent} articles"
                    " unanswered",
                )
            )
        if input_error is not None:
            raise input_error


def _date(value: Union[datetime.date, str, None]) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _article(item: ArticleLike) -> service_pb2.Article:
    if isinstance(item, str):
        return service_pb2.Article(text=item)
    if isinstance(item, service_pb2.Article):
        return item
    unknown = sorted(set(item) - _ARTICLE_FIELDS)
    if unknown:
        raise ValueError(
            f"unknown Article field(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(_ARTICLE_FIELDS))}"
        )
    fields = dict(item)
    if "publication_date" in fields:
        fields["publication_date"] = _date(fields["publication_date"])
    return service_pb2.Article(**fields)


def _category(value: Category) -> ontology_pb2.EventCategory:
    if isinstance(value, str):
        name = value.upper()
        if not name.startswith("EVENT_CATEGORY_"):
            name = "EVENT_CATEGORY_" + name
        try:
            value = ontology_pb2.EventCategory.Value(name)
        except ValueError:
            raise ValueError(f"unknown event category {value!r}") from None
    # Enum values are plain ints at run time; the .pyi files give them a class of their own.
    return cast(ontology_pb2.EventCategory, value)


def _options(
    categories: Optional[Iterable[Category]],
    min_confidence: Optional[float],
    include_spans: Optional[bool],
) -> service_pb2.ExtractOptions:
    options = service_pb2.ExtractOptions(
        # Spans in code points index a Python str; this is the server's default, said explicitly.
        span_unit=service_pb2.SPAN_UNIT_CODE_POINT,
    )
    if categories is not None:
        options.categories.extend(_category(c) for c in categories)
    if min_confidence is not None:
        options.min_confidence = min_confidence
    if include_spans is not None:
        options.include_spans = include_spans
    return options
