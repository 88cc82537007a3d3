"""simulator package of the Coat Tail Capital platform."""
