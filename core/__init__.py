"""The bottom layer every part of Coat Tail Capital may import: where AWS is, and the clock.

Nothing here imports another ``coattail`` package.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("coat-tail-capital")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
