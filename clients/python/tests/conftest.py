"""Starts the real eventx-server binary for the tests, each on a free port of 127.0.0.1.

The binary is $EVENTX_SERVER_BIN, else <repo>/target/debug/eventx-server
(``cargo build -p eventx-server``).
"""

from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import threading
from typing import Any, Dict, Iterator, List

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
STARTUP_TIMEOUT_S = 60.0


def server_binary() -> pathlib.Path:
    path = pathlib.Path(
        os.environ.get("EVENTX_SERVER_BIN") or REPO / "target" / "debug" / "eventx-server"
    )
    if not path.is_file():
        pytest.fail(
            f"eventx-server not found at {path}: run `cargo build -p eventx-server` "
            "or set EVENTX_SERVER_BIN"
        )
    return path


class Server:
    """One eventx-server process with JSON logs; its stderr is read on a thread of its own, so
    that the server never blocks on a full pipe and the tests can look at its log lines."""

    def __init__(self, *args: str) -> None:
        command = [
            str(server_binary()),
            "--addr", "127.0.0.1:0",
            "--metrics-addr", "off",
            "--drain-delay", "0s",
            "--log-format", "json",
            *args,
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._lock = threading.Lock()
        self._lines: List[str] = []
        self._logs: List[Dict[str, Any]] = []
        self._listening = threading.Event()
        self.addr = ""  # HOST:PORT, once listening
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._listening.wait(STARTUP_TIMEOUT_S) or not self.addr:
            self.stop()
            pytest.fail(f"eventx-server did not start: {' '.join(command)}\n{self.stderr()}")

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._lock:
                self._lines.append(line)
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            fields = entry.get("fields", {})
            with self._lock:
                self._logs.append(entry)
            if str(fields.get("message", "")).startswith("listening on "):
                self.addr = fields["addr"]
                self._listening.set()
        self._listening.set()  # the process ended: stop waiting for it

    @property
    def port(self) -> int:
        return int(self.addr.rsplit(":", 1)[1])

    def stderr(self) -> str:
        with self._lock:
            return "".join(self._lines)

    def finished_calls(self, method: str) -> int:
        """How many `rpc finished` lines the server logged for `method` ("Extract", …)."""
        full = f"eventx.v1.ExtractionService/{method}"
        with self._lock:
            return sum(
                1
                for entry in self._logs
                if entry.get("fields", {}).get("message") == "rpc finished"
                and entry.get("span", {}).get("method") == full
            )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """A server with the default limits."""
    started = Server()
    yield started
    started.stop()


@pytest.fixture(scope="session")
def small_server() -> Iterator[Server]:
    """A server that refuses article texts over 100 bytes."""
    started = Server("--max-text-bytes", "100")
    yield started
    started.stop()


@pytest.fixture
def fresh_servers() -> Iterator[List[Server]]:
    """Two servers of their own, for counting the calls each one gets."""
    started: List[Server] = []
    try:
        started.append(Server())
        started.append(Server())
        yield started
    finally:
        for one in started:
            one.stop()
