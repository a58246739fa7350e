"""`python -m watcher` is the same as the `followup-watcher` command."""

import sys

from watcher.cli import main

sys.exit(main())
