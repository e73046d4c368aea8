"""``python -m wco_kg``: the same as the ``wco-kg`` command."""

import sys

from .cli import main

sys.exit(main())
