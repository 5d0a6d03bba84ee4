"""Entry point of the frozen app (PyInstaller runs this file as ``__main__``).

It only hands over to `ui.main.main`, the same function the ``satchel`` console script
calls, so a frozen build and ``pip install`` behave the same:
``satchel``, ``satchel preview PATH``, ``satchel --self-test``.
"""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # no-op unless a child process is spawned (Windows)
    from ui.main import main

    sys.exit(main())
