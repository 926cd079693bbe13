"""Errors raised by the nlp package.

Hierarchy::

    NLPError
    ├── InvalidDocument      one input record cannot be analyzed (wrong type, missing text)
    ├── ModelError           a sentiment model directory is missing, incomplete or unreadable
    └── ResourceError        a packaged resource (lexicon, dictionary) is missing or malformed
"""


class NLPError(Exception):
    """Base class of every error raised by nlp."""


class InvalidDocument(NLPError):
    """A record handed to analyze() is not a document we can analyze."""


class ModelError(NLPError):
    """A model path given by the user cannot be loaded."""


class ResourceError(NLPError):
    """A resource shipped with the package is missing or malformed."""
