"""Check an institution config file and print what it decides.

    python installer/check_config.py path/to/institution.toml

Exit 0 when the file is valid, 1 with a precise message (file:line: key: problem) when not.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.provisioning import ProvisioningError, load


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        cfg = load(Path(argv[0]))
    except ProvisioningError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{cfg.source}: valid")
    print(f"  organisation     {cfg.organisation or '-'}")
    print(f"  store            {cfg.store_url or 'built-in demo store'}")
    print(f"  purchasing       {'on' if cfg.purchasing_enabled else 'off'}")
    print(f"  voucher code     {'set' if cfg.voucher_code else '-'}")
    for p in cfg.preload_bundles:
        print(f"  preload          {p}")
    print(f"  shared folder    {cfg.shared_content_dir or '-'}")
    for name, value in sorted(cfg.setting_values.items()):
        lock = " (locked)" if name in cfg.locked_settings else ""
        print(f"  setting          {name} = {value!r}{lock}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
