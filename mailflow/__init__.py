"""mailflow: receive, keep, thread, classify and answer a cooperation inbox.

Architecture rule (checked by ``tests/test_architecture.py``): the pipeline core,
``mailflow.parse``, ``mailflow.thread``, ``mailflow.classify`` and ``mailflow.draft``,
is plain functions and data over bytes. Those packages import no database, network,
clock or settings module; the edges (``store``, ``receive``, ``send``, ``web``,
``cli``, ``pipeline``) do the I/O and pass data in.
"""

__version__ = "0.1.0"
