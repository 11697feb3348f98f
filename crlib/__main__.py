"""``python -m crlib``: the command line of :mod:`crlib.cli`."""

import sys

from crlib.cli import main

if __name__ == "__main__":
    sys.exit(main())
