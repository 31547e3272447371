//! eventx-client: a typed client for the eventx gRPC service, and the batch-mode helpers behind
//! the `eventx` command-line tool.

pub mod batch;
pub mod load;
pub mod remote;

pub use eventx_proto::v1;
pub use eventx_proto::v1::extraction_service_client::ExtractionServiceClient;

/// Connects to an eventx server such as `http://127.0.0.1:50051`.
pub async fn connect(
    address: impl Into<String>,
) -> Result<ExtractionServiceClient<tonic::transport::Channel>, tonic::transport::Error> {
    ExtractionServiceClient::connect(address.into()).await
}
