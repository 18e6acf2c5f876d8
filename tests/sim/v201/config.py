"""Configuration of a simulated OCPP 2.0.1 charging station."""

from __future__ import annotations

from dataclasses import dataclass, field
from ssl import SSLContext

from ..config import identity_from_url

# Actions a station may still send while Pending: the BootNotification
# itself; triggered messages and NotifyReport are let through separately.
GATE_OPEN_WHILE_PENDING = frozenset({"BootNotification"})


@dataclass
class SimStationConfig:
    """How a SimChargingStation connects, introduces itself and behaves.

    evses: connectors per EVSE, EVSE ids 1..N; (1, 1) is two EVSEs with one
    connector each, (2,) one EVSE with two connectors.
    answers: replace the status of a handler's answer ("Rejected", ...), or
    "noanswer" to record the CALL and never reply (as in SimConfig).
    """

    url: str
    identity: str | None = None
    vendor: str = "SimVendor"
    model: str = "SimModel201"
    serial: str | None = "SIM-201-0001"
    firmware: str | None = "2.0.1-sim"
    iccid: str | None = None
    imsi: str | None = None
    boot_reason: str = "PowerUp"
    evses: tuple[int, ...] = (1,)
    password: str | None = None
    subprotocols: tuple[str, ...] = ("ocpp2.0.1",)
    ssl: SSLContext | None = None
    response_timeout: float = 10
    answers: dict[str, str] = field(default_factory=dict)

    # -- device model -----------------------------------------------------------
    heartbeat_interval: int = 300  # OCPPCommCtrlr.HeartbeatInterval default
    tx_updated_interval: int = 60  # SampledDataCtrlr.TxUpdatedInterval default
    security_profile: int = 1
    # Items per part of NotifyReport (reportData) and NotifyDisplayMessages.
    report_part_size: int = 20
    # SetVariables: refuse these (component, variable) pairs, "*" for all.
    refuse_variables: set[tuple[str, str] | str] = field(default_factory=set)
    # Status for refused variables: "Rejected" or "RebootRequired".
    refuse_status: str = "Rejected"

    # -- transactions ---------------------------------------------------------------
    # transactionIds handed out first (e.g. an old id to test a collision);
    # then "<identity>-<n>" with a per-station counter.
    transaction_ids: list[str] = field(default_factory=list)
    seq_no_start: int = 0
    # seqNo values never sent (the counter skips them): gaps for the CSMS.
    seq_no_gaps: frozenset[int] = frozenset()
    # Resend the last N already-answered TransactionEvents (same seqNo,
    # offline: true) on every reconnect, before the queued ones.
    replay_sent_on_reconnect: int = 0
    # Keep offline Updated events back until the CSMS asks GetTransactionStatus:
    # the Ended event arrives first, with a gap in seqNo (as in TC_E_31).
    hold_offline_updates: bool = False
    # RequestStartTransaction starts a transaction at once (triggerReason
    # RemoteStart, the remoteStartId); RequestStopTransaction ends it.
    remote_start_begins_transaction: bool = True
    # run(): a charging car draws min(limit, 16 A) on 3 phases, and the
    # meter counts it (off: run() reports what the test last set).
    simulate_charging: bool = False
    # Meter values put into TransactionEvents: Energy, Power, Current x3,
    # Voltage, SoC (when the test gave them).
    supported_measurands: tuple[str, ...] = (
        "Energy.Active.Import.Register",
        "Power.Active.Import",
        "Current.Import",
        "Current.Offered",
        "Voltage",
        "SoC",
    )

    # -- misbehaviour -------------------------------------------------------------------
    # Send any request while Pending/Rejected (to test the CSMS's SecurityError).
    ignore_boot_gate: bool = False
    # Keep the websocket after a SetVariables BasicAuthPassword (no reconnect).
    keep_connection_on_new_password: bool = False
    # FirmwareStatusNotification steps after UpdateFirmware (each a status).
    firmware_steps: tuple[str, ...] = (
        "Downloading",
        "Downloaded",
        "SignatureVerified",
        "Installing",
        "Installed",
    )
    log_steps: tuple[str, ...] = ("Uploading", "Uploaded")

    def __post_init__(self) -> None:
        if self.identity is None:
            self.identity = identity_from_url(self.url)
        if not self.evses or any(n < 1 for n in self.evses):
            raise ValueError("every EVSE needs at least one connector")
