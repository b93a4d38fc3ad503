import sys

from ui.entry import main

if __name__ == "__main__":  # not when a worker process of an import loads this module
    sys.exit(main())
