"""``pamphletpress ARGS`` in a process of its own, as a user's shell runs it, with its
EPUBCheck step by the test run's warm JVM (:func:`tests.warm_epubcheck.standing_in`)."""

import sys

from pamphletpress.cli import run
from tests.warm_epubcheck import standing_in

with standing_in():
    code = run()
sys.exit(code)
