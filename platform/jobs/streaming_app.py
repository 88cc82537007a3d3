"""The file EMR Serverless runs (``entryPoint``): the streaming application's main."""

from __future__ import annotations

from coattail.jobs.streaming import main

if __name__ == "__main__":
    main()
