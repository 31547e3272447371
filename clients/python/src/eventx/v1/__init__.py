"""Generated protobuf and gRPC modules of the eventx.v1 API (see generate.sh)."""
