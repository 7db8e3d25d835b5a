"""Benchmark scripts: run each as ``python bench/NAME.py`` (the list is in README.md); they print
figures against limits. :mod:`bench.bigdb` is not a bench but a library: the large database
that ``bench/queries.py`` measures against; nor is :mod:`bench.fakehost`, the Bot API fake on
its own thread."""
