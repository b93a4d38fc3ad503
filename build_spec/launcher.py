"""Entry point of the packaged program, for both executables it holds:
助企走访台账 (no console: double-click opens the window) and zhuqi (console:
the same commands as in a source checkout)."""

import os
import sys

if sys.stdout is None:  # a windowed executable on Windows has no console streams
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

import multiprocessing  # noqa: E402

from ui.entry import main  # noqa: E402

if __name__ == "__main__":
    # A large import reads files in worker processes: in a packaged program each worker is this
    # executable started again, and freeze_support() turns it into the worker instead of the program.
    multiprocessing.freeze_support()
    sys.exit(main())
