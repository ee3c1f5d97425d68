"""The docstrings' examples run (module, classes and methods, the compiled ones included)."""

import doctest

import mentionmap


def test_docstring_examples_run():
    results = doctest.testmod(mentionmap, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert results.failed == 0
    # Scanner, Mention, Counts, Resolver and the module's functions each have examples: none
    # may be lost by the doctest finder.
    assert results.attempted >= 30, results
