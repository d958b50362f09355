import sys

from cuesheet.cli import main

sys.exit(main())
