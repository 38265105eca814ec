//! `handshake-cli`: runs a scenario and prints a text ladder, a JSON trace or writes a pcap.

fn main() {
    println!("handshake-cli {}", env!("CARGO_PKG_VERSION"));
}
