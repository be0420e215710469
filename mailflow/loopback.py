"""Whether a host is this machine: credentials in clear may only go there."""

from __future__ import annotations


def is_loopback(host: str) -> bool:
    """localhost, 127.0.0.0/8 or ::1 (with or without brackets or a trailing dot)."""
    name = host.strip("[]").rstrip(".").lower()
    octets = name.split(".")
    return name in ("localhost", "::1") or (
        len(octets) == 4
        and octets[0] == "127"
        and all(o.isdigit() and int(o) < 256 for o in octets)
    )


def refuse_clear(section: str, host: str, what: str) -> None:
    """Credentials in clear only to a loopback host (they never leave the machine)."""
    if is_loopback(host):
        return
    raise ValueError(
        f'{section}.security = "none" would send {what} in clear to {host}: use "starttls" '
        f'or "tls", or a loopback {section}.host (localhost, 127.0.0.0/8, ::1)'
    )
