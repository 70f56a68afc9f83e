"""One module per `showcase` sub-command.

Each module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(arguments) -> int``
(an exit code: 0 clean, 1 problems found, 2 usage error). ``generator.cli`` finds them all.
"""

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
