"""Cross-cutting pieces every layer uses: settings, the clock, domain errors."""
