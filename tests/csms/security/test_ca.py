"""The local certificate authority: roots, server certificates, revocation."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from custom_components.ocpp_central.csms.security import (
    CertificateAuthority,
    KeyType,
    StoredDataError,
)

from .certs import ec_key, leaf, make_csr, rsa_key
from .conftest import HOSTS


def _extension[T: x509.ExtensionType](
    certificate: x509.Certificate, kind: type[T]
) -> T:
    return certificate.extensions.get_extension_for_class(kind).value


def test_a_new_ca_has_an_ecdsa_and_an_rsa_root(ca: CertificateAuthority) -> None:
    ec_root, rsa_root = ca.authorities

    assert (ec_root.key_type, rsa_root.key_type) == (KeyType.EC, KeyType.RSA)
    assert isinstance(ec_root.key, ec.EllipticCurvePrivateKey)
    assert isinstance(ec_root.key.curve, ec.SECP256R1)
    assert isinstance(rsa_root.key, rsa.RSAPrivateKey)
    assert rsa_root.key.key_size == 2048
    assert len(ca.root_certificates()) == 2


def test_roots_are_self_signed_cas_that_only_sign_certificates(
    ca: CertificateAuthority,
) -> None:
    for authority in ca.authorities:
        root = authority.certificate
        root.verify_directly_issued_by(root)
        constraints = _extension(root, x509.BasicConstraints)
        usage = _extension(root, x509.KeyUsage)
        assert constraints.ca and constraints.path_length == 0
        assert usage.key_cert_sign and usage.crl_sign
        assert not usage.key_encipherment
        assert root.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[
            0
        ].value == ("Test Operator")
        lifetime = root.not_valid_after_utc - root.not_valid_before_utc
        assert lifetime > dt.timedelta(days=19 * 365)


def test_no_private_key_appears_in_repr(ca: CertificateAuthority) -> None:
    texts = [repr(ca), *map(repr, ca.authorities), *map(repr, ca.server_certificates)]

    for text in texts:
        assert "PRIVATE KEY" not in text
    for authority in ca.authorities:
        assert "key=" not in repr(authority)
    assert "Test Operator" in repr(ca)


def test_server_certificates_name_every_host_and_both_key_types(
    ca: CertificateAuthority,
) -> None:
    ec_server, rsa_server = ca.server_certificates

    for server, root in zip((ec_server, rsa_server), ca.authorities, strict=True):
        certificate = leaf(server.chain_pem)
        certificate.verify_directly_issued_by(root.certificate)
        names = _extension(certificate, x509.SubjectAlternativeName)
        assert names.get_values_for_type(x509.DNSName) == ["ocpp.home.example"]
        assert [str(a) for a in names.get_values_for_type(x509.IPAddress)] == [
            "127.0.0.1"
        ]
        assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[
            0
        ].value == ("ocpp.home.example")
        assert list(_extension(certificate, x509.ExtendedKeyUsage)) == [
            ExtendedKeyUsageOID.SERVER_AUTH
        ]
        assert server.hosts == HOSTS
        assert server.serial == certificate.serial_number
    # The RSA suites without forward secrecy encrypt to the server key.
    assert _extension(leaf(rsa_server.chain_pem), x509.KeyUsage).key_encipherment
    assert not _extension(leaf(ec_server.chain_pem), x509.KeyUsage).key_encipherment


def test_server_renewal_is_due_when_missing_expiring_or_hosts_change(
    pristine_ca: dict[str, Any],
) -> None:
    ca = CertificateAuthority.from_dict(pristine_ca)
    expiry = min(c.not_after for c in ca.server_certificates)

    assert not ca.server_renewal_due(HOSTS)
    assert ca.server_renewal_due(HOSTS, now=expiry - dt.timedelta(days=29))
    assert not ca.server_renewal_due(HOSTS, now=expiry - dt.timedelta(days=31))
    assert ca.server_renewal_due(("ocpp.home.example",))

    fresh = CertificateAuthority.from_dict({**pristine_ca, "server": []})
    assert fresh.server_renewal_due(HOSTS)


def test_renewing_the_server_certificate_changes_its_key_and_serial(
    ca: CertificateAuthority,
) -> None:
    before = ca.server_certificates

    after = ca.issue_server_certificates(["192.168.1.10"], key_types=[KeyType.EC])

    assert after[0].serial != before[0].serial
    assert after[0].key_pem != before[0].key_pem
    assert after[0].hosts == ("192.168.1.10",)
    assert after[1] == before[1]  # the RSA one was not asked for


@pytest.mark.parametrize("hosts", [[], [""], ["two words"], ["hôte.example"]])
def test_server_hosts_must_be_names_or_addresses(
    ca: CertificateAuthority, hosts: list[str]
) -> None:
    with pytest.raises(ValueError):
        ca.issue_server_certificates(hosts)


def test_the_whole_state_round_trips_through_json(
    ca: CertificateAuthority,
) -> None:
    ca.sign_csr(make_csr(ec_key()), "CP1")
    revoked = ca.sign_csr(make_csr(ec_key(), ("CP2",)), "CP2")
    ca.revoke("CP2")
    ca.revoke_serial(0xABC, identity="CP9")

    restored = CertificateAuthority.from_dict(json.loads(json.dumps(ca.to_dict())))

    assert restored.to_dict() == ca.to_dict()
    assert restored.organization == "Test Operator"
    assert restored.issued_to("CP1") == ca.issued_to("CP1")
    assert restored.is_revoked(revoked.serial)
    assert restored.is_revoked(0xABC)
    assert restored.server_certificates == ca.server_certificates
    # The restored roots still sign.
    signed = restored.sign_csr(make_csr(ec_key()), "CP1")
    leaf(signed.certificate_chain).verify_directly_issued_by(
        ca.authorities[0].certificate
    )


def _damage(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(data))
    target = copy
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return copy


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("version",), 99),
        (("authorities",), []),
        (("authorities", 0, "key"), "not a key"),
        (("authorities", 0, "certificate"), _DELETE),
        (("authorities", 1, "key"), "SWAP"),
        (("server", 0, "key"), "SWAP"),
        (("server", 0, "hosts"), None),
        (("issued",), [{"identity": "CP1", "serial": "xyz"}]),
        (
            ("revoked",),
            [
                {
                    "serial": "1",
                    "identity": "",
                    "revoked_at": "yesterday",
                    "not_after": None,
                }
            ],
        ),
        (
            ("revoked",),
            [{"serial": "1", "identity": "", "revoked_at": 5, "not_after": None}],
        ),
        (
            ("revoked",),
            [
                {
                    "serial": "1",
                    "identity": "",
                    "revoked_at": "2030-01-01T00:00:00",
                    "not_after": None,
                }
            ],
        ),
        (("organization",), _DELETE),
    ],
    ids=[
        "version",
        "no-roots",
        "bad-key",
        "no-certificate",
        "foreign-key",
        "foreign-server-key",
        "hosts",
        "issued-serial",
        "revoked-time",
        "revoked-time-type",
        "naive-time",
        "organization",
    ],
)
def test_damaged_stored_data_is_reported_not_half_loaded(
    ca: CertificateAuthority, path: tuple[str | int, ...], value: Any
) -> None:
    data = ca.to_dict()
    if value == "SWAP":
        # A key that belongs to another certificate.
        value = data["authorities"][0]["key"]
        if path[0] == "server":
            value = data["server"][1]["key"]
    with pytest.raises(StoredDataError):
        CertificateAuthority.from_dict(_damage(data, path, value))


def test_stored_data_that_is_not_a_dict_is_reported() -> None:
    with pytest.raises(StoredDataError):
        CertificateAuthority.from_dict([])  # type: ignore[arg-type]


def test_revoking_a_charger_revokes_every_certificate_it_was_given(
    ca: CertificateAuthority,
) -> None:
    old = ca.sign_csr(make_csr(ec_key()), "CP1")
    new = ca.sign_csr(make_csr(ec_key()), "CP1")
    other = ca.sign_csr(make_csr(ec_key(), ("CP2",)), "CP2")

    revoked = ca.revoke("CP1")

    assert sorted(revoked) == sorted([old.serial, new.serial])
    assert ca.is_revoked(old.serial) and ca.is_revoked(new.serial)
    assert not ca.is_revoked(other.serial)
    assert ca.issued_to("CP1") == []
    assert {r.identity for r in ca.revocations} == {"CP1"}
    assert ca.revoke("CP1") == []


def test_a_serial_seen_on_a_foreign_certificate_can_be_revoked(
    ca: CertificateAuthority,
) -> None:
    ca.revoke_serial(1234, identity="CP7")
    ca.revoke_serial(1234, identity="again")

    (revocation,) = ca.revocations
    assert (revocation.serial, revocation.identity) == (1234, "CP7")
    assert revocation.not_after is None


def test_pruning_forgets_only_what_has_expired(ca: CertificateAuthority) -> None:
    now = dt.datetime.now(dt.UTC)
    short = ca.sign_csr(make_csr(ec_key()), "CP1", validity=dt.timedelta(days=1))
    long = ca.sign_csr(make_csr(ec_key()), "CP1", validity=dt.timedelta(days=100))
    lapsing = ca.sign_csr(
        make_csr(ec_key(), ("CP2",)), "CP2", validity=dt.timedelta(days=1)
    )
    ca.revoke("CP2")
    ca.revoke_serial(99, identity="unknown expiry")

    assert ca.prune(now=now) == 0
    assert ca.prune(now=now + dt.timedelta(days=2)) == 2

    assert ca.issued_to("CP1") == [long.issued]
    assert not ca.is_revoked(lapsing.serial)
    assert ca.is_revoked(99)
    assert short.serial not in {c.serial for c in ca.issued_to("CP1")}


def test_the_ca_expiry_is_that_of_the_first_root_to_expire(
    ca: CertificateAuthority,
) -> None:
    assert ca.expires == min(a.not_after for a in ca.authorities)


def test_a_ca_needs_at_least_one_root() -> None:
    with pytest.raises(ValueError):
        CertificateAuthority([])


def test_an_ecdsa_only_ca_signs_rsa_requests_too() -> None:
    ca = CertificateAuthority.create(key_types=[KeyType.EC])

    signed = ca.sign_csr(make_csr(rsa_key()), "CP1")

    leaf(signed.certificate_chain).verify_directly_issued_by(
        ca.authorities[0].certificate
    )
    assert signed.issued.key_type is KeyType.RSA
    assert ca.organization == "Home Assistant"
