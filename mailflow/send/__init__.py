"""Send stage (an edge): drafts in the database, the outbox, the SMTP relay, IMAP copies.

The decisions (what to write, whether to acknowledge) are made by the pure
``mailflow.draft`` package; this package reads and writes the rows around them and
talks to the relay. ``outbox`` is the entry point the web app, the CLI and ``serve`` use;
its ``send_and_thread`` sends (``dispatch.send_due``, which only sends) and then runs the
caller's pipeline so the sent copies join their threads.
"""
