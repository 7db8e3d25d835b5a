"""``python -m cli`` is the ``quorum`` command."""

from cli.app import main

main()
