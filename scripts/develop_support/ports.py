"""Which TCP ports are listened on; wait until one is.

    python scripts/develop_support/ports.py taken PORT...
        Print one line per PORT something listens on; exit 1 if any.
    python scripts/develop_support/ports.py wait PORT SECONDS [PID]
        Exit 0 once PORT is listened on; 1 after SECONDS or when PID is gone.
    python scripts/develop_support/ports.py entry CONFIG_DIR
        Print the port of the OCPP Central entry in CONFIG_DIR's storage.

It reads the kernel's socket table (through psutil, which Home Assistant
depends on) instead of connecting: a bare TCP connect to the OCPP port makes
the websockets server log "opening handshake failed" with a traceback, and a
test bind could race with Home Assistant binding the port.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]


def listeners(port: int) -> list[Any]:
    return [
        conn
        for conn in psutil.net_connections(kind="tcp")
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port
    ]


def describe(conn: Any) -> str:
    if conn.pid is None:
        return "another user's process"
    try:
        process = psutil.Process(conn.pid)
        return f"pid {conn.pid}: {' '.join(process.cmdline())[:120]}"
    except psutil.Error:
        return f"pid {conn.pid}"


def taken(ports: list[int]) -> int:
    busy = 0
    for port in ports:
        if found := listeners(port):
            busy += 1
            print(f"port {port} is in use ({describe(found[0])})")
    return 1 if busy else 0


def alive(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False


def wait(port: int, seconds: float, pid: int | None) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if listeners(port):
            return 0
        if pid is not None and not alive(pid):
            return 1
        time.sleep(0.5)
    return 1


def entry_port(config_dir: str) -> int:
    path = Path(config_dir) / ".storage" / "core.config_entries"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["data"]["entries"]
    except (OSError, ValueError, KeyError):
        return 1
    for entry in entries:
        if entry.get("domain") == "ocpp_central" and "port" in entry.get("data", {}):
            print(entry["data"]["port"])
            return 0
    return 1


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "entry":
        return entry_port(argv[1])
    try:
        if len(argv) >= 2 and argv[0] == "taken":
            return taken([int(port) for port in argv[1:]])
        if len(argv) in (3, 4) and argv[0] == "wait":
            pid = int(argv[3]) if len(argv) == 4 else None
            return wait(int(argv[1]), float(argv[2]), pid)
    except ValueError:
        pass
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
