"""Emulator Kinesis: PutRecords and GetRecords rates as a shard grows (the O(records) divergence).

Usage: python benchmarks/emulator_kinesis.py [--records 100000] [--step 25000]
Starts its own emulator process; prints put and get rates per step of stored records. With stock
moto 5.2.5 the put rate falls as the stream grows (it rebuilds the key list on every put); with
the project's fix it stays flat.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time

import boto3

from coattail.emulator.server import EmulatorServer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--step", type=int, default=25_000)
    args = parser.parse_args()

    print(f"# emulator kinesis — {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC")
    print(
        f"# python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory() as log_dir, EmulatorServer(port=0, log_dir=log_dir) as server:
        kinesis = boto3.client(
            "kinesis",
            endpoint_url=server.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id="bench",
            aws_secret_access_key="bench",
        )
        kinesis.create_stream(StreamName="bench", ShardCount=1)
        shard = "shardId-000000000000"
        payload = b'{"symbol":"BTC-USDT","price":97000.5,"quantity":0.01}' * 3
        stored = 0
        while stored < args.records:
            started = time.perf_counter()
            for _ in range(args.step // 500):
                kinesis.put_records(
                    StreamName="bench",
                    Records=[{"Data": payload, "PartitionKey": str(i)} for i in range(500)],
                )
            put_rate = args.step / (time.perf_counter() - started)
            iterator = kinesis.get_shard_iterator(
                StreamName="bench",
                ShardId=shard,
                ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                StartingSequenceNumber=str(stored or 1),
            )["ShardIterator"]
            started, got = time.perf_counter(), 0
            while got < args.step - 1:
                page = kinesis.get_records(ShardIterator=iterator, Limit=10_000)
                got += len(page["Records"])
                iterator = page["NextShardIterator"]
                if not page["Records"]:
                    break
            get_rate = got / (time.perf_counter() - started)
            stored += args.step
            print(
                f"stored {stored:>8,} records: put {put_rate:>7,.0f} rec/s, "
                f"get (newest {args.step:,}) {get_rate:>7,.0f} rec/s"
            )


if __name__ == "__main__":
    main()
