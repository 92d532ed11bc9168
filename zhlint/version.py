"""The version of zhlint, in a module of its own so that reading it imports nothing else."""

__version__ = "0.1.0"

# The name on the package index (the import name and the command are zhlint): for install hints.
DISTRIBUTION = "zhlint-fiscal"
