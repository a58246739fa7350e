"""The CLI's commands, one module per group; `watcher.cli` builds the parser and maps errors to exits."""
