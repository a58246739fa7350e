"""Coverage-guided fuzzing of parse -> pipeline -> compose with atheris, for long runs by hand
(not part of the suite; hypothesis covers the suite: tests/unit/test_fuzz_pipeline.py).

    .venv/bin/pip install atheris
    mkdir -p /tmp/mail-corpus
    .venv/bin/python tests/fuzz/atheris_parse.py -max_total_time=600 /tmp/mail-corpus \
        tests/fixtures/cpython_email tests/fixtures/hostile

libFuzzer writes the inputs it finds into the FIRST directory: keep that one outside the repo.
Any exception, or a draft failing `pipeline.check_draft`, stops the run with the input saved as
crash-* in the current directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

with atheris.instrument_imports():
    import pipeline

    from watcher.model import Role


def one_input(data: bytes) -> None:
    # the first byte picks the folder, the rest is the raw message
    role = Role.SENT if data[:1] == b"S" else Role.INBOX
    pipeline.run([(role, data[1:])])


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
