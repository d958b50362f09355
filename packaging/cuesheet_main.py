"""The frozen app's entry point: the same command line as ``cuesheet`` (no arguments opens the app)."""

import sys

from cuesheet.cli import main

if __name__ == "__main__":
    sys.exit(main())
