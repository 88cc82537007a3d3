"""ctc: operations of the Coat Tail Capital platform (local deployment, simulator, producer, jobs, API)."""

from coattail.core import __version__

__all__ = ["__version__"]
