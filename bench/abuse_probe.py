"""The abuse probes of issue 14, against the store with its limits as shipped and, as the
baseline in the same run, the same store with every limit switched off.

From one loopback address (127.0.0.2): a password spray (one wrong password for each of 150
accounts), 200 registrations, 100 invalid refresh tokens, 100 wrong voucher codes on one
order. Then, from another address (127.0.0.3), the sprayed accounts' owners sign in. Prints
how many attempts got a real answer (401/201/422) before the store answered 429, and whether
the owners still got in. Cheap Argon2 profile (the count matters here, not the time).

    python bench/abuse_probe.py
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from store.config import StoreSettings  # noqa: E402
from store.server import EmbeddedStore  # noqa: E402

OFF = {
    "login_max_failures": 0,
    "login_ip_max_failures": 0,
    "login_ip_per_minute": 0,
    "login_account_max_failures": 0,
    "register_per_ip_hour": 0,
    "register_per_email_hour": 0,
    "refresh_ip_max_failures": 0,
    "refresh_account_per_hour": 0,
    "voucher_ip_max_failures": 0,
    "voucher_account_max_failures": 0,
}
PASSWORD = "correct horse battery"


def client(url: str, ip: str) -> httpx.Client:
    return httpx.Client(base_url=url, timeout=60, transport=httpx.HTTPTransport(local_address=ip))


def passed(statuses: list[int]) -> str:
    through = next((i for i, s in enumerate(statuses) if s == 429), len(statuses))
    return f"{through} of {len(statuses)}"


def probe(url: str) -> dict[str, str]:
    home, attacker, owner_net = (client(url, ip) for ip in ("127.0.0.1", "127.0.0.2", "127.0.0.3"))
    try:
        emails = [f"victim-{uuid.uuid4().hex[:8]}@example.org" for _ in range(150)]
        tokens: list[dict[str, Any]] = []
        for n, email in enumerate(emails):  # set-up: each owner registers from their own address
            with client(url, f"127.0.1.{n % 250 + 1}") as own:
                r = own.post("/v1/auth/register", json={"email": email, "password": PASSWORD})
            assert r.status_code == 201, r.text
            tokens.append(r.json())
        spray = [
            attacker.post(
                "/v1/auth/login", json={"email": e, "password": "Spring2026!"}
            ).status_code
            for e in emails
        ]
        owners_in = sum(
            owner_net.post("/v1/auth/login", json={"email": e, "password": PASSWORD}).status_code
            == 200
            for e in emails[:20]
        )
        regs = [
            attacker.post(
                "/v1/auth/register",
                json={"email": f"bot-{uuid.uuid4().hex[:8]}@example.org", "password": PASSWORD},
            ).status_code
            for _ in range(200)
        ]
        refresh = [
            attacker.post(
                "/v1/auth/refresh", json={"refresh_token": f"sat_rt_{uuid.uuid4().hex}"}
            ).status_code
            for _ in range(100)
        ]
        buyer = tokens[0]
        auth = {"Authorization": f"Bearer {buyer['access_token']}"}
        page = home.get("/v1/catalog/courses", params={"limit": 100}).json()
        paid = next(c for c in page["items"] if c["price"]["amount"] > 0)
        order = attacker.post(
            "/v1/orders",
            json={"course_id": paid["id"]},
            headers={**auth, "Idempotency-Key": "probe-" + uuid.uuid4().hex},
        ).json()
        vouchers = [
            attacker.post(
                f"/v1/orders/{order['id']}/pay",
                json={"provider": "voucher", "code": f"GUESS{n:07d}"},
                headers=auth,
            ).status_code
            for n in range(100)
        ]
        return {
            "password spray, 150 accounts": passed(spray),
            "owners signing in elsewhere afterwards": f"{owners_in} of 20",
            "registrations": passed(regs),
            "invalid refresh tokens": passed(refresh),
            "wrong voucher codes": passed(vouchers),
        }
    finally:
        for c in (home, attacker, owner_net):
            c.close()


def run(tmp: Path, name: str, **limits: Any) -> dict[str, str]:
    settings = StoreSettings(data_dir=tmp / name, argon2_profile="test-fast", demo=True, **limits)
    with EmbeddedStore(settings) as server:
        return probe(server.url)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="satchel-abuse-") as tmp:
        baseline = run(Path(tmp), "off", **OFF)
        shipped = run(Path(tmp), "shipped")
    width = max(len(k) for k in shipped)
    print("Abuse probes from one address (attempts answered before the first 429)")
    print(f"{'probe':<{width}}  {'limits off (baseline)':>22}  {'limits as shipped':>18}")
    for key in shipped:
        print(f"{key:<{width}}  {baseline[key]:>22}  {shipped[key]:>18}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
