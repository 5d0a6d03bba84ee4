"""`python -m store ...` is `satchel-store ...`."""

from __future__ import annotations

import sys

from store.cli import main

sys.exit(main())
