"""``python -m paymaan`` runs the command line."""

import sys

from paymaan.cli import main

sys.exit(main())
