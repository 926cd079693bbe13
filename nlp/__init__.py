"""Text understanding for yuqing: pure functions and models, no I/O beyond loading resources once.

The one entry point is :func:`nlp.analyze.Analyzer.analyze` (and the module-level :func:`analyze`).
This package imports nothing else of the project.
"""

NLP_VERSION = "1.0.0"
