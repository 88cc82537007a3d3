"""The billing auto-stop: a Lambda function a billing alarm invokes to stop the platform's compute.

``handler`` is the entry point (``coattail.autostop.handler.lambda_handler``); the stop itself is
:mod:`coattail.autostop.compute`, the code ``scripts/stop.sh`` runs.
"""
