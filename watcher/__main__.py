"""`python -m watcher` is the same as the `followup-watcher` command."""

import sys

from watcher import cli

sys.exit(cli.main())
