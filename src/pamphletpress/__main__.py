"""``python -m pamphletpress``."""

from pamphletpress.cli import main

main()
