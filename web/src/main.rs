fn main() {
    handshake_web::mount();
}
