"""Settings package: ``base`` holds what every environment shares; ``dev``, ``test`` and
``prod`` adjust it. Every value an operator may change comes from an environment variable."""
