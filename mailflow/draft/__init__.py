"""Draft stage: reply contexts, template rendering, loop-safety decisions, outgoing MIME.

Pure: no database, network, clock or settings imports here. The clock, the settings'
values and the stored rows come in as arguments, so a draft can be made again at any time
with the same result. ``tests/test_architecture.py`` checks the imports.
"""
