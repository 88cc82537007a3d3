"""ctc: operations of the Coat Tail Capital platform (local deployment, simulator, producer, jobs, API)."""

__version__ = "0.1.0"
