"""`python -m watcher` is the same as the `followup-watcher` command."""

import sys

from watcher.launch import main

sys.exit(main())
