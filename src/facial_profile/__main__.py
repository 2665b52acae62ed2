"""``python -m facial_profile``: the same as the ``facial-profile`` command."""

import sys

from facial_profile.cli import main

sys.exit(main())
