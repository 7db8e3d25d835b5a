"""Cross-cutting pieces every layer uses: settings, the clock, domain errors, the board roles
(:mod:`core.roles`) and logging with secrets masked (:mod:`core.logs`)."""
