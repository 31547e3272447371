#!/usr/bin/env python3
"""Measures the time from starting `eventx-server` to its health check answering SERVING.

usage: scripts/startup_time.py [path/to/eventx-server] [runs]
Needs `pip install grpcio grpcio-health-checking`. Prints one line per run and the median.
"""
import socket
import statistics
import subprocess
import sys
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_run(binary):
    port = free_port()
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "--addr", f"127.0.0.1:{port}", "--metrics-addr", "off", "--drain-delay", "0s"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = start + 10
        while time.perf_counter() < deadline:
            # a fresh channel per try: a failed connect would otherwise wait out grpc's backoff
            channel = grpc.insecure_channel(f"127.0.0.1:{port}")
            stub = health_pb2_grpc.HealthStub(channel)
            try:
                r = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=0.5, wait_for_ready=False)
                if r.status == health_pb2.HealthCheckResponse.SERVING:
                    return (time.perf_counter() - start) * 1000
            except grpc.RpcError:
                time.sleep(0.002)
            finally:
                channel.close()
        raise SystemExit("server did not become SERVING within 10 s")
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/eventx-server"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    times = [one_run(binary) for _ in range(runs)]
    for t in times:
        print(f"start-up to SERVING: {t:.0f} ms")
    print(f"median: {statistics.median(times):.0f} ms")


if __name__ == "__main__":
    main()
