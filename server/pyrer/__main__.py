"""`python -m pyrer`: the pyrer command line."""

import sys

from pyrer.cli import main

sys.exit(main())
