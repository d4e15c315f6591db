"""The one exception type meant for the user: printed as one line, exit code 2."""


class UserError(Exception):
    """Bad input, a malformed rule file, a missing optional backend: the user can fix it."""


# Exit codes, named once (sqlfluff's habit): the CLI and CI gates rely on them.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3  # a bug in the checker, never a finding: CI must not read it as one
