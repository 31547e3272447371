"""The client against a real eventx-server with mutual TLS and bearer tokens.

The certificates are made here (``cryptography``): a CA that signs the server's certificate and
the client's, and a second CA whose client certificate the server must refuse.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import pathlib
from typing import Iterator, List, Optional, Tuple

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import eventx

from conftest import Server

TOKEN = "python-test-token-8086"
EXPULSION = "Norway expelled three Iranian diplomats on Monday, the foreign ministry said."

Issuer = Tuple[x509.Certificate, ec.EllipticCurvePrivateKey]


def _certificate(
    name: str,
    issuer: Optional[Issuer],
    *,
    ca: bool,
    sans: List[x509.GeneralName],
) -> Tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    issuer_name, signing_key = (subject, key) if issuer is None else (issuer[0].subject, issuer[1])
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    if sans:
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    return builder.sign(signing_key, hashes.SHA256()), key


def _write(directory: pathlib.Path, name: str, pair: Issuer) -> None:
    certificate, key = pair
    (directory / f"{name}.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / f"{name}.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    directory = tmp_path_factory.mktemp("pki")
    ca = _certificate("eventx python test CA", None, ca=True, sans=[])
    _write(directory, "ca", ca)
    server_sans: List[x509.GeneralName] = [
        x509.DNSName("localhost"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
    ]
    _write(directory, "server", _certificate("server", ca, ca=False, sans=server_sans))
    client_sans: List[x509.GeneralName] = [x509.DNSName("pipeline.example")]
    _write(directory, "client", _certificate("pipeline", ca, ca=False, sans=client_sans))
    stranger = _certificate("eventx python test CA", None, ca=True, sans=[])
    _write(directory, "stranger", _certificate("pipeline", stranger, ca=False, sans=client_sans))
    digest = hashlib.sha256(TOKEN.encode()).hexdigest()
    (directory / "tokens").write_text(f"# accepted tokens\n{digest}  # the python tests\n")
    return directory


@pytest.fixture(scope="module")
def secure_server(pki: pathlib.Path) -> Iterator[Server]:
    """A server with mutual TLS (clients signed by the test CA) and one accepted token."""
    started = Server(
        "--tls-cert", str(pki / "server.pem"),
        "--tls-key", str(pki / "server.key"),
        "--tls-client-ca", str(pki / "ca.pem"),
        "--auth-tokens", str(pki / "tokens"),
    )  # fmt: skip
    yield started
    started.stop()


def _credentials(pki: pathlib.Path, client: Optional[str]) -> grpc.ChannelCredentials:
    if client is None:
        return eventx.tls_credentials(pki / "ca.pem")
    return eventx.tls_credentials(
        pki / "ca.pem", cert_file=pki / f"{client}.pem", key_file=pki / f"{client}.key"
    )


def test_a_client_certificate_and_a_token_get_in(
    pki: pathlib.Path, secure_server: Server
) -> None:
    credentials = _credentials(pki, "client")
    with eventx.Client(
        secure_server.addr, credentials=credentials, token=TOKEN, timeout=30
    ) as client:
        answer = client.extract(EXPULSION, id="n1")
        assert [e.source.country for e in answer.events] == ["NOR"]
        results = list(client.extract_many([EXPULSION, EXPULSION]))
        assert all(isinstance(r, eventx.ExtractResponse) for r in results), results
        assert len(client.ontology().categories) == 16


def test_a_missing_or_wrong_token_is_unauthenticated_with_one_message(
    pki: pathlib.Path, secure_server: Server
) -> None:
    messages = []
    for token in (None, "not-the-token"):
        credentials = _credentials(pki, "client")
        with eventx.Client(
            secure_server.addr, credentials=credentials, token=token, timeout=30
        ) as client:
            with pytest.raises(eventx.EventxError) as raised:
                client.extract(EXPULSION)
        assert raised.value.code == grpc.StatusCode.UNAUTHENTICATED
        messages.append(raised.value.message)
    assert messages == ["missing or invalid bearer token"] * 2
    assert TOKEN not in secure_server.stderr()
    assert "not-the-token" not in secure_server.stderr()


@pytest.mark.parametrize("client", [None, "stranger"])
def test_a_client_without_a_certificate_from_the_ca_is_refused(
    pki: pathlib.Path, secure_server: Server, client: Optional[str]
) -> None:
    credentials = _credentials(pki, client)
    with eventx.Client(
        secure_server.addr, credentials=credentials, token=TOKEN, timeout=10
    ) as refused:
        with pytest.raises(eventx.UnavailableError):
            refused.extract(EXPULSION)


def test_a_plain_channel_is_refused(secure_server: Server) -> None:
    with eventx.Client(secure_server.addr, token=TOKEN, timeout=10) as plain:
        with pytest.raises(eventx.UnavailableError):
            plain.extract(EXPULSION)


def test_cert_file_needs_key_file(pki: pathlib.Path) -> None:
    with pytest.raises(ValueError):
        eventx.tls_credentials(pki / "ca.pem", cert_file=pki / "client.pem")
