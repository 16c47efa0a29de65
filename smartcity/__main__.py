"""Entry point of ``python -m smartcity``."""

import sys

from smartcity.cli import main

sys.exit(main())
