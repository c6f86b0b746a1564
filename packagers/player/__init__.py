"""Package data: the static HTML5 player (``player.js``, ``player.css``, ``runtime/<standard>.js``).

Nothing to import; ``packagers._site`` reads these files with ``importlib.resources``.
"""
