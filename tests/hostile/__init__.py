"""Hostile inputs made by the tests themselves: generators (``make_*``) that write attacking files into a folder.

- ``payloads``: markup, attribute-breaking, template and URL payloads, and ``Env`` (beacon URL, secret, canary).
- ``ooxml``: format-neutral OOXML attacks (XXE, entity bombs, zip bombs, path escapes) over a ``Flavor``.
- ``pptx_decks`` / ``docx_docs``: payload documents and format-specific attacks; each defines its ``Flavor``.
- ``catalog``: every case by name with the exit codes that are correct for it.
- ``convert_one``: runs one conversion in a child process under memory and CPU limits.
- ``watchers``: the loopback beacon and the named-pipe canary that must never be touched.
- ``html_checks``: what a safe page looks like.
- ``mutate``: the mutation operators the fuzz tests and ``fuzz/run.py`` share.
"""
