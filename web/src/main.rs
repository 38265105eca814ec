fn main() {
    yew::Renderer::<handshake_web::App>::new().render();
}
