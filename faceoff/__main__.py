"""Entry point for ``python -m faceoff``."""

import sys

from faceoff.cli import main

sys.exit(main())
