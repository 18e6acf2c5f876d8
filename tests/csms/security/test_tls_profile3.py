"""Profile 3 over real TLS on 127.0.0.1: client certificates from our CA."""

from __future__ import annotations

import datetime as dt
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidMessage, InvalidStatus

from custom_components.ocpp_central.csms.security import (
    CertificateAuthority,
    CertificateRefusal,
    HandshakeFailure,
    KeyType,
    RenewableContext,
    server_context,
    server_context_from_files,
)

from .certs import (
    charger_context,
    ec_key,
    key_pem,
    make_csr,
    pem_of,
    rsa_key,
    user_ca_certificate,
    write_pair,
)
from .tls_server import Served, serving

TLS_VERSIONS = pytest.mark.parametrize(
    "version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3], ids=["tls12", "tls13"]
)


def profile3(ca: CertificateAuthority) -> ssl.SSLContext:
    pairs = [(s.chain_pem, s.key_pem) for s in ca.server_certificates]
    return server_context(pairs, ca.client_trust_pem())


def charger(
    ca: CertificateAuthority,
    folder: Path,
    identity: str = "CP1",
    *,
    key_type: KeyType = KeyType.EC,
    now: dt.datetime | None = None,
    validity: dt.timedelta = dt.timedelta(days=365),
) -> tuple[Path, Path]:
    """A charger that went through SignCertificate with `ca`."""
    key = ec_key() if key_type is KeyType.EC else rsa_key()
    signed = ca.sign_csr(
        make_csr(key, (identity,)), identity, now=now, validity=validity
    )
    return write_pair(
        folder, identity + key_type, signed.certificate_chain, key_pem(key)
    )


async def connects(
    served: Served,
    roots: str,
    client: tuple[Path, Path] | None,
    version: ssl.TLSVersion = ssl.TLSVersion.TLSv1_3,
    identity: str = "CP1",
) -> str:
    context = charger_context(roots, client, maximum=version)
    async with connect(served.url(identity), ssl=context) as websocket:
        return str(await websocket.recv())


def _roots(ca: CertificateAuthority) -> str:
    return "".join(ca.root_certificates())


@TLS_VERSIONS
@pytest.mark.parametrize("key_type", list(KeyType))
async def test_a_charger_with_our_certificate_connects(
    ca: CertificateAuthority, tmp_path: Path, key_type: KeyType, version: ssl.TLSVersion
) -> None:
    client = charger(ca, tmp_path, key_type=key_type)

    async with serving(profile3(ca), ca.is_revoked) as served:
        assert await connects(served, _roots(ca), client, version) == "welcome"

    (verdict,) = served.verdicts
    assert verdict.accepted and verdict.reason == ""
    assert verdict.serial == ca.issued_to("CP1")[0].serial
    assert served.failures == []


async def test_a_certificate_for_another_charger_is_refused_by_the_identity_check(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    client = charger(ca, tmp_path, "CP2")

    async with serving(profile3(ca), ca.is_revoked) as served:
        with pytest.raises(InvalidStatus) as refused:
            await connects(served, _roots(ca), client, identity="CP1")

    assert refused.value.response.status_code == 403
    assert [v.refusal for v in served.verdicts] == [CertificateRefusal.IDENTITY]
    assert served.failures == []  # TLS itself was fine


async def test_a_revoked_certificate_is_refused(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    client = charger(ca, tmp_path)
    ca.revoke("CP1")

    async with serving(profile3(ca), ca.is_revoked) as served:
        with pytest.raises(InvalidStatus):
            await connects(served, _roots(ca), client)

    assert [v.refusal for v in served.verdicts] == [CertificateRefusal.REVOKED]


async def test_a_certificate_from_another_operator_is_refused_when_asked(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    client = charger(ca, tmp_path)  # O = Test Operator

    async with serving(profile3(ca), ca.is_revoked, organization="Other") as served:
        with pytest.raises(InvalidStatus):
            await connects(served, _roots(ca), client)

    assert [v.refusal for v in served.verdicts] == [CertificateRefusal.ORGANIZATION]


async def refused_at_handshake(
    ca: CertificateAuthority,
    client: tuple[Path, Path] | None,
    version: ssl.TLSVersion,
) -> list[HandshakeFailure]:
    async with serving(profile3(ca), ca.is_revoked) as served:
        with pytest.raises((OSError, InvalidMessage)):
            await connects(served, _roots(ca), client, version)
    assert served.verdicts == []  # never reached the websocket handshake
    return served.failures


@TLS_VERSIONS
async def test_a_certificate_from_another_ca_is_refused_at_the_handshake(
    ca: CertificateAuthority, tmp_path: Path, version: ssl.TLSVersion
) -> None:
    stranger = CertificateAuthority.create(key_types=[KeyType.EC])
    client = charger(stranger, tmp_path)

    failures = await refused_at_handshake(ca, client, version)

    assert failures == [HandshakeFailure.UNKNOWN_ISSUER]


@TLS_VERSIONS
async def test_an_expired_certificate_is_refused_at_the_handshake(
    ca: CertificateAuthority, tmp_path: Path, version: ssl.TLSVersion
) -> None:
    last_year = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
    client = charger(ca, tmp_path, now=last_year, validity=dt.timedelta(days=30))

    failures = await refused_at_handshake(ca, client, version)

    assert failures == [HandshakeFailure.EXPIRED]


@TLS_VERSIONS
async def test_no_certificate_is_refused_at_the_handshake(
    ca: CertificateAuthority, version: ssl.TLSVersion
) -> None:
    failures = await refused_at_handshake(ca, None, version)

    assert failures == [HandshakeFailure.NO_CERTIFICATE]


async def test_a_certificate_from_an_imported_intermediate_ca_connects(
    tmp_path: Path,
) -> None:
    root_key, key = ec_key(), ec_key()
    root = user_ca_certificate(root_key, "Users Root")
    intermediate = user_ca_certificate(key, "Users Sub CA", issuer=(root, root_key))
    # The user gave us the intermediate only: it becomes the trust anchor.
    ca = CertificateAuthority.imported_from(pem_of(intermediate), key_pem(key))
    ca.issue_server_certificates(["127.0.0.1"], key_types=[KeyType.EC])
    client = charger(ca, tmp_path)

    async with serving(profile3(ca), ca.is_revoked) as served:
        assert await connects(served, pem_of(root), client) == "welcome"


async def test_profile_3_can_be_built_from_files(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    server = ca.server_certificates[0]
    pair = write_pair(tmp_path, "server", server.chain_pem, server.key_pem)
    trust = tmp_path / "clients.pem"
    trust.write_text(ca.client_trust_pem())
    client = charger(ca, tmp_path)

    context = server_context_from_files([pair], str(trust))

    assert context.verify_mode == ssl.CERT_REQUIRED
    async with serving(context, ca.is_revoked) as served:
        assert await connects(served, _roots(ca), client) == "welcome"


async def test_the_identity_check_refuses_a_connection_without_client_certificate(
    ca: CertificateAuthority,
) -> None:
    # Profile 2 asks for no certificate; a profile-3 check behind it refuses.
    pairs = [(s.chain_pem, s.key_pem) for s in ca.server_certificates]

    async with serving(server_context(pairs), ca.is_revoked) as served:
        with pytest.raises(InvalidStatus):
            await connects(served, _roots(ca), None)

    assert [v.refusal for v in served.verdicts] == [CertificateRefusal.MISSING]


async def test_renewed_certificates_serve_new_connections_without_dropping_old_ones(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    client = charger(ca, tmp_path)
    renewable = RenewableContext(profile3(ca))
    context = charger_context(_roots(ca), client)

    def server_serial(websocket: ClientConnection) -> int:
        ssl_object = websocket.transport.get_extra_info("ssl_object")
        return x509.load_der_x509_certificate(
            ssl_object.getpeercert(True)
        ).serial_number

    async with serving(renewable.context, ca.is_revoked) as served:
        async with connect(served.url(), ssl=context) as before:
            old = server_serial(before)
            ca.issue_server_certificates(["127.0.0.1"])
            renewable.renew(profile3(ca))
            async with connect(served.url(), ssl=context) as after:
                assert server_serial(after) != old
                assert server_serial(after) in {
                    s.serial for s in ca.server_certificates
                }
                assert await after.recv() == "welcome"
            await (await before.ping())  # the old connection still answers
        # The renewed context still requires a client certificate.
        with pytest.raises((OSError, InvalidMessage)):
            await connects(served, _roots(ca), None)

    assert served.failures == [HandshakeFailure.NO_CERTIFICATE]


async def test_one_port_can_serve_profile_2_and_3_chargers(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    pairs = [(s.chain_pem, s.key_pem) for s in ca.server_certificates]
    context = server_context(
        pairs, ca.client_trust_pem(), client_certificate_required=False
    )
    (tmp_path / "stranger").mkdir()
    stranger = charger(
        CertificateAuthority.create(key_types=[KeyType.EC]), tmp_path / "stranger"
    )

    async with serving(context, ca.is_revoked) as served:
        # With our certificate: admitted by it.
        assert await connects(served, _roots(ca), charger(ca, tmp_path)) == "welcome"
        # Without one: TLS passes, the check says so (a password may follow).
        with pytest.raises(InvalidStatus):
            await connects(served, _roots(ca), None)
        # A certificate that is presented must still verify.
        with pytest.raises((OSError, InvalidMessage)):
            await connects(served, _roots(ca), stranger)

    assert [v.refusal for v in served.verdicts] == [None, CertificateRefusal.MISSING]
    assert served.failures == [HandshakeFailure.UNKNOWN_ISSUER]
