"""The client against the real eventx-server (see conftest.py). All sentences are our own."""

from __future__ import annotations

import datetime
import time
from typing import Iterator, List, Union

import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2

import eventx
from eventx.client import ArticleLike, _OrderedStream
from eventx.v1 import service_pb2

from conftest import Server

EXPULSION = "Norway expelled three Iranian diplomats on Monday, the foreign ministry said."


def test_extract_returns_the_event(server: Server) -> None:
    with eventx.Client(server.addr) as client:
        answer = client.extract(EXPULSION, published=datetime.date(2024, 3, 4), id="n1")

    assert answer.article_id == "n1"
    assert len(answer.events) == 1
    event = answer.events[0]
    assert event.category == eventx.EventCategory.Value("EVENT_CATEGORY_SANCTION")
    assert event.mode == eventx.EventMode.Value("EVENT_MODE_EXPEL")
    assert event.source.country == "NOR"
    assert event.target.country == "IRN"
    assert event.WhichOneof("details") == "sanction"
    assert event.sanction.count == 3
    assert event.date.date == "2024-03-04"  # "on Monday", resolved against the publication date
    assert 0.0 < event.confidence <= 1.0
    assert len(event.fingerprint) == 16


def test_published_as_string_and_title(server: Server) -> None:
    with eventx.Client(server.addr) as client:
        answer = client.extract(EXPULSION, published="2024-03-04", title="Oslo acts")
    assert answer.document.article_date.date == "2024-03-04"


def test_spans_slice_the_python_string(server: Server) -> None:
    # Flags are two code points each (four UTF-16 units, eight UTF-8 bytes): offsets in any
    # other unit than code points would not slice this str right.
    text = (
        "\U0001f1f3\U0001f1f4 «Breaking» — Norway's government expelled three Iranian "
        "diplomats on Monday. \U0001f1ee\U0001f1f7 Tehran called it a provocation."
    )
    with eventx.Client(server.addr) as client:
        answer = client.extract(text, published="2024-03-04")

    event = next(e for e in answer.events if e.category == eventx.EventCategory.Value("EVENT_CATEGORY_SANCTION"))
    assert text[event.source.span.start : event.source.span.end] == event.source.text
    assert event.source.text.startswith("Norway")
    assert text[event.target.span.start : event.target.span.end] == event.target.text
    assert event.target.text == "Iranian diplomats"
    assert event.mentions
    for mention in event.mentions:
        sentence = mention.sentence_span
        assert text[sentence.start : sentence.end] == mention.sentence
        assert text[mention.trigger.start : mention.trigger.end] == "expelled"


def test_without_spans(server: Server) -> None:
    with eventx.Client(server.addr) as client:
        answer = client.extract(EXPULSION, include_spans=False)
    assert answer.events
    assert not answer.events[0].mentions
    assert not answer.events[0].source.HasField("span")


def test_category_filter_by_name(server: Server) -> None:
    with eventx.Client(server.addr) as client:
        assert client.extract(EXPULSION, categories=["sanction"]).events
        assert not client.extract(EXPULSION, categories=["ASSAULT", "EVENT_CATEGORY_AID"]).events
        with pytest.raises(ValueError, match="unknown event category"):
            client.extract(EXPULSION, categories=["SANCTIONS"])


def test_bad_option_names_the_field(server: Server) -> None:
    with eventx.Client(server.addr) as client:
        with pytest.raises(eventx.InvalidArgumentError) as raised:
            client.extract(EXPULSION, min_confidence=2)
    error = raised.value
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert error.fields == ["options.min_confidence"]
    assert error.field_violations[0].description
    assert "min_confidence" in error.message
    assert isinstance(error.__cause__, grpc.RpcError)


def test_blank_text_is_invalid(server: Server) -> None:
    with eventx.Client(server.addr) as client:
        with pytest.raises(eventx.EventxError) as raised:
            client.extract(" \n\t ")
    assert isinstance(raised.value, eventx.InvalidArgumentError)
    assert raised.value.fields == ["article.text"]


def test_too_large_article(small_server: Server) -> None:
    text = "Norway expelled three Iranian diplomats. " * 5  # 205 bytes, the limit is 100
    with eventx.Client(small_server.addr) as client:
        with pytest.raises(eventx.ResourceExhaustedError) as raised:
            client.extract(text)
    error = raised.value
    assert isinstance(error, eventx.ArticleTooLargeError)
    assert error.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert error.error_info is not None
    assert error.error_info.reason == "ARTICLE_TOO_LARGE"
    assert error.error_info.domain == "eventx.v1"
    assert error.error_info.metadata["limit_bytes"] == "100"
    assert error.retry_delay is None


def test_too_large_article_in_a_stream(small_server: Server) -> None:
    big = "Norway expelled three Iranian diplomats. " * 5
    with eventx.Client(small_server.addr) as client:
        results = list(client.extract_many([EXPULSION[:60], big, "Kenya expelled two envoys."]))
    assert isinstance(results[0], eventx.ExtractResponse)
    assert isinstance(results[1], eventx.ArticleTooLargeError)
    assert results[1].reason == "ARTICLE_TOO_LARGE"
    assert isinstance(results[2], eventx.ExtractResponse)


def many_articles() -> List[ArticleLike]:
    pairs = [
        ("Norway", "Iranian"), ("Kenya", "Somali"), ("Chile", "Peruvian"), ("Poland", "Belarusian"),
        ("Ghana", "Nigerian"), ("Japan", "Chinese"), ("Estonia", "Russian"), ("Egypt", "Sudanese"),
        ("Canada", "Indian"), ("Mexico", "Ecuadorian"),
    ]  # fmt: skip
    articles: List[ArticleLike] = []
    for i in range(50):
        actor, target = pairs[i % len(pairs)]
        count = ["two", "three", "four", "five"][i % 4]
        text = f"{actor} expelled {count} {target} diplomats on Tuesday, officials said."
        if i % 7 == 0:  # some longer articles, so that answers may overtake each other
            text = " ".join([text] + [f"Talks in the capital continued for {j} hours." for j in range(2, 60)])
        if i % 3 == 0:
            articles.append({"id": f"a{i}", "text": text, "publication_date": datetime.date(2024, 5, 7)})
        elif i % 3 == 1:
            articles.append(service_pb2.Article(id=f"a{i}", text=text, publication_date="2024-05-07"))
        else:
            articles.append({"id": f"a{i}", "text": text})
    articles[23] = {"id": "blank", "text": "   \n  "}
    return articles


def test_extract_many_keeps_input_order(server: Server) -> None:
    articles = many_articles()
    with eventx.Client(server.addr) as client:
        results = list(client.extract_many(articles, categories=["SANCTION"]))

    assert len(results) == 50
    for i, result in enumerate(results):
        if i == 23:
            assert isinstance(result, eventx.InvalidArgumentError), result
            assert result.code == grpc.StatusCode.INVALID_ARGUMENT
            assert result.fields == ["article.text"]
            continue
        assert isinstance(result, eventx.ExtractResponse), result
        assert result.article_id == f"a{i}"
        assert [e.category for e in result.events] == [eventx.EventCategory.Value("EVENT_CATEGORY_SANCTION")]


def test_extract_many_of_plain_strings(server: Server) -> None:
    texts = [f"Chile expelled {n} Peruvian diplomats." for n in ("two", "three", "four")]
    with eventx.Client(server.addr) as client:
        counts = [
            r.events[0].sanction.count
            for r in client.extract_many(iter(texts))
            if isinstance(r, eventx.ExtractResponse)
        ]
    assert counts == [2, 3, 4]


def test_extract_many_bad_input_is_raised_after_the_good_ones(server: Server) -> None:
    articles: List[ArticleLike] = [EXPULSION, EXPULSION, {"id": "x", "body": "wrong key"}, EXPULSION]
    seen = 0
    with eventx.Client(server.addr) as client:
        with pytest.raises(ValueError, match="unknown Article field"):
            for result in client.extract_many(articles):
                assert isinstance(result, eventx.ExtractResponse)
                seen += 1
    assert seen == 2


def test_extract_many_stops_early(server: Server) -> None:
    def endless() -> Iterator[str]:
        while True:
            yield EXPULSION

    with eventx.Client(server.addr) as client:
        stream = client.extract_many(endless())
        first = [next(stream) for _ in range(5)]
        stream.close()  # cancels the call
        assert all(isinstance(r, eventx.ExtractResponse) for r in first)
        assert client.extract(EXPULSION).events  # the channel still works


def reply(request_id: str, *, error: bool = False) -> service_pb2.ExtractStreamResponse:
    if error:
        return service_pb2.ExtractStreamResponse(
            request_id=request_id, error=status_pb2.Status(code=3, message="bad")
        )
    return service_pb2.ExtractStreamResponse(
        request_id=request_id, response=service_pb2.ExtractResponse(article_id=f"id{request_id}")
    )


def test_answers_out_of_order_are_put_back_in_order() -> None:
    # The reordering on its own, with answers in an order the server may but need not produce.
    stream = _OrderedStream(["a", "b", "c", "d"], service_pb2.ExtractOptions())
    sent = list(stream.requests())
    assert [r.request_id for r in sent] == ["0", "1", "2", "3"]
    answers = [reply("2"), reply("0"), reply("3"), reply("1", error=True)]
    results: List[Union[str, grpc.StatusCode]] = []
    for result in stream.results(iter(answers)):
        results.append(result.code if isinstance(result, eventx.EventxError) else result.article_id)
    assert results == ["id0", grpc.StatusCode.INVALID_ARGUMENT, "id2", "id3"]


def test_stream_status_details_are_decoded() -> None:
    status = status_pb2.Status(code=8, message="server busy: 64 extractions in flight")
    info = error_details_pb2.ErrorInfo(reason="SERVER_BUSY", domain="eventx.v1")
    retry = error_details_pb2.RetryInfo()
    retry.retry_delay.FromMilliseconds(250)
    status.details.add().Pack(info)
    status.details.add().Pack(retry)
    error = eventx.errors.error_from_status(status)
    assert isinstance(error, eventx.ServerBusyError)
    assert error.retry_delay == datetime.timedelta(milliseconds=250)
    assert error.reason == "SERVER_BUSY"


def test_deadline(server: Server) -> None:
    # an article of about 400 KB takes the engine far longer than 5 ms, so the deadline passes
    # whether the client's timer or the server's budget sees it first (a 1 µs deadline on a
    # short article sometimes beat the clock on a loaded machine)
    long_article = " ".join([EXPULSION] * 4000)
    with eventx.Client(server.addr, timeout=0.005) as client:
        with pytest.raises(eventx.DeadlineExceededError) as raised:
            client.extract(long_article)
    assert raised.value.code == grpc.StatusCode.DEADLINE_EXCEEDED


def test_unreachable_server() -> None:
    with eventx.Client("127.0.0.1:1", timeout=5) as client:
        with pytest.raises(eventx.UnavailableError):
            client.ontology()


def test_ontology(server: Server) -> None:
    with eventx.Client(server.addr) as client:
        ontology = client.ontology()
    names = [c.name for c in ontology.categories]
    assert len(names) == 16
    assert "SANCTION" in names


def test_dns_target(server: Server) -> None:
    with eventx.Client(f"dns:///localhost:{server.port}") as client:
        assert client.extract(EXPULSION).events[0].source.country == "NOR"


def test_calls_are_balanced_over_all_addresses(fresh_servers: List[Server]) -> None:
    # A static list of addresses stands in for a DNS name with several A records: the client's
    # round_robin policy must send calls to both servers, not only to the first.
    # (With pick_first, grpcio's default, all calls go to the first server.) The authority
    # grpcio derives from such a target holds a comma, which the server's HTTP/2 stack refuses,
    # so the test names one.
    a, b = fresh_servers
    target = f"ipv4:127.0.0.1:{a.port},127.0.0.1:{b.port}"
    with eventx.Client(target, options=[("grpc.default_authority", "localhost")]) as client:
        for _ in range(30):
            client.extract(EXPULSION)
    deadline = time.monotonic() + 10  # a server logs a call just after answering it
    while a.finished_calls("Extract") + b.finished_calls("Extract") < 30:
        assert time.monotonic() < deadline, (a.finished_calls("Extract"), b.finished_calls("Extract"))
        time.sleep(0.02)
    # Once both connections are up the calls alternate; the first may come before the second.
    assert a.finished_calls("Extract") >= 5
    assert b.finished_calls("Extract") >= 5


def test_context_manager_closes_the_channel(server: Server) -> None:
    with eventx.Client(server.addr) as client:
        client.extract(EXPULSION)
    with pytest.raises(ValueError, match="closed channel"):
        client.extract(EXPULSION)
