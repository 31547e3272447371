//! Compiles `eventx/v1/*.proto` (and our declaration of `google.rpc.Status`) without a system `protoc`: protox parses the files into a
//! descriptor set, tonic-prost-build generates messages and service stubs from it, and
//! pbjson-build adds the canonical proto3 JSON mapping. The descriptor set is also written to
//! OUT_DIR for gRPC reflection.

use std::{env, error::Error, fs, path::PathBuf};

use prost::Message;

const PROTO_FILES: &[&str] = &[
    "google/rpc/status.proto",
    "eventx/v1/ontology.proto",
    "eventx/v1/details.proto",
    "eventx/v1/event.proto",
    "eventx/v1/service.proto",
];

fn main() -> Result<(), Box<dyn Error>> {
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    for file in PROTO_FILES {
        println!("cargo:rerun-if-changed={file}");
    }

    let descriptors = protox::compile(PROTO_FILES, ["."])?;
    let descriptor_path = out_dir.join("eventx_descriptor.bin");
    fs::write(&descriptor_path, descriptors.encode_to_vec())?;

    tonic_prost_build::configure()
        .compile_well_known_types(true)
        .extern_path(".google.protobuf", "::pbjson_types")
        .file_descriptor_set_path(&descriptor_path)
        .skip_protoc_run()
        .compile_fds(descriptors)?;

    let descriptor_bytes = fs::read(&descriptor_path)?;
    pbjson_build::Builder::new()
        .register_descriptors(&descriptor_bytes)?
        .extern_path(".google.protobuf", "::pbjson_types")
        .build(&[".eventx", ".google.rpc"])?;
    Ok(())
}
