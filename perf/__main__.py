"""Entry point for ``python -m perf``."""

import sys

from perf.cli import main

sys.exit(main())
